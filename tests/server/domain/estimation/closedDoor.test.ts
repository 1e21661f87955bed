import { describe, expect, it } from 'vitest';
import { FridgeDriver, grams, grossOf, HOUR, MINUTE, noiseSource, SECOND, SHELVES, T0 } from './fixtures';

/** A fridge whose door sensor has spoken (shut), shelves settled at 5 kg (top) and 2 kg (bottom). */
function shutFridge(seed = 3): FridgeDriver {
  const fridge = new FridgeDriver();
  fridge.door(false, T0);
  fridge.run(T0, T0 + 40 * MINUTE, grossOf({ top: 5, bottom: 2 }), { noise: noiseSource(seed, 0.01) });
  return fridge;
}

/** Every stock figure the estimator published after `fromIndex` of its effects. */
const publishedKg = (fridge: FridgeDriver, fromIndex: number): number[] =>
  fridge.effects
    .slice(fromIndex)
    .flatMap((e) => (e.type === 'stockEstimated' && e.estimate.kg !== null ? [e.estimate.kg] : []));

describe('weight changes with the door shut', () => {
  it('a lean of 2.5 kg for 4 s: no session, and the estimate holds throughout', () => {
    const fridge = shutFridge();
    const before = fridge.estimate().kg ?? 0;
    const mark = fridge.effects.length;
    const at = T0 + 40 * MINUTE;
    // A cell that publishes on change reports every second while someone leans on the fridge.
    for (let s = 1; s <= 4; s += 1) fridge.weight('top', 3 + 5 + 2.5 + 0.003 * s, at + s * SECOND);
    expect(fridge.estimate().kg).toBeCloseTo(before, 3);
    fridge.run(at + 4 * SECOND, at + 10 * MINUTE, grossOf({ top: 5, bottom: 2 }), {
      noise: noiseSource(4, 0.01),
    });
    expect(fridge.sessions()).toHaveLength(0);
    expect(fridge.ofType('shelfDoubtChanged')).toHaveLength(0);
    for (const kg of publishedKg(fridge, mark)) expect(Math.abs(kg - before)).toBeLessThan(0.05);
    expect(fridge.estimate().kg).toBeCloseTo(before, 1);
  });

  it('a lean long enough to reach the cell several times, then gone: still nothing', () => {
    const fridge = shutFridge();
    const before = fridge.estimate().kg ?? 0;
    const mark = fridge.effects.length;
    const at = T0 + 40 * MINUTE;
    const leaning = (id: string, t: number) =>
      grossOf({ top: 5, bottom: 2 })(id) + (t < at + 50 * SECOND ? 2.5 : 0);
    fridge.run(at, at + 5 * MINUTE, leaning, { noise: noiseSource(5, 0.01) });
    expect(fridge.sessions()).toHaveLength(0);
    for (const kg of publishedKg(fridge, mark)) expect(Math.abs(kg - before)).toBeLessThan(0.05);
    expect(fridge.estimate().doubtful).toBe(false);
  });

  it('a step that stays: the stock holds, the shelf is flagged, and no visit is counted', () => {
    const fridge = shutFridge();
    const before = fridge.estimate().kg ?? 0;
    const at = T0 + 40 * MINUTE;
    fridge.run(at, at + 4 * MINUTE, grossOf({ top: 5, bottom: 3.2 }), { noise: noiseSource(6, 0.01) });
    expect(fridge.sessions()).toHaveLength(0);
    expect(fridge.estimate().kg).toBeCloseTo(before, 1);
    const [flag, ...more] = fridge.ofType('shelfDoubtChanged');
    expect(more).toHaveLength(0);
    expect(flag).toMatchObject({ shelfId: 'bottom', reason: 'changed-while-shut' });
    // Flagged from when it had stayed for shutChangeConfirmMs (2 min), not before.
    expect(flag?.atMs).toBeGreaterThanOrEqual(at + 2 * MINUTE);
    const bottom = fridge.estimate().shelves.find((s) => s.shelfId === 'bottom');
    expect(bottom).toMatchObject({ doubtful: true, doubtReason: 'changed-while-shut' });
    // The change might have been food (a door opening the sensor missed): it is in the ±.
    expect(bottom?.uncertaintyKg ?? 0).toBeGreaterThan(1.2);

    // The next visit is measured from where the shelf stands now.
    const openedAt = at + 5 * MINUTE;
    fridge.door(true, openedAt);
    fridge.door(false, openedAt + 20 * SECOND);
    fridge.run(openedAt + 20 * SECOND, openedAt + 2 * MINUTE, grossOf({ top: 5, bottom: 2.7 }));
    const [visit] = fridge.sessions();
    expect(visit?.takenKg).toBeCloseTo(0.5, 1);
    expect(fridge.shelfKg('bottom')).toBeCloseTo(1.5, 1);
  });

  it('the flag clears after shutChangeFlagMs, or at once with a tare of the shelf', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.run(at, at + 4 * MINUTE, grossOf({ top: 5, bottom: 3.2 }), { noise: noiseSource(6, 0.01) });
    const flaggedAt = fridge.ofType('shelfDoubtChanged')[0]?.atMs ?? 0;
    fridge.tick(flaggedAt + fridge.config.shutChangeFlagMs - SECOND);
    expect(fridge.estimate().doubtful).toBe(true);
    fridge.tick(flaggedAt + fridge.config.shutChangeFlagMs);
    expect(fridge.estimate().doubtful).toBe(false);
    expect(fridge.ofType('shelfDoubtChanged').at(-1)).toMatchObject({ shelfId: 'bottom', reason: null });

    const tared = shutFridge();
    tared.run(at, at + 4 * MINUTE, grossOf({ top: 5, bottom: 3.2 }), { noise: noiseSource(6, 0.01) });
    tared.apply({ type: 'tare', shelfId: 'bottom' }, at + 5 * MINUTE);
    expect(tared.estimate().doubtful).toBe(false);
    expect(tared.ofType('shelfDoubtChanged').at(-1)).toMatchObject({ shelfId: 'bottom', reason: null });
  });

  it('a step that stays and later comes back (a long lean) takes its flag back with it', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.run(at, at + 4 * MINUTE, grossOf({ top: 7.5, bottom: 2 }), { noise: noiseSource(7, 0.01) });
    expect(fridge.estimate().doubtful).toBe(true);
    fridge.run(at + 4 * MINUTE, at + 8 * MINUTE, grossOf({ top: 5, bottom: 2 }), {
      noise: noiseSource(8, 0.01),
    });
    expect(fridge.estimate().doubtful).toBe(false);
    expect(fridge.estimate().kg).toBeCloseTo(7, 1);
    expect(fridge.sessions()).toHaveLength(0);
  });

  it('a pantry (no door sensor) keeps its step sessions', () => {
    const pantry = new FridgeDriver();
    pantry.run(T0, T0 + 40 * MINUTE, grossOf({ top: 5, bottom: 2 }), { noise: noiseSource(9, 0.01) });
    const at = T0 + 40 * MINUTE;
    pantry.run(at, at + 3 * MINUTE, grossOf({ top: 4, bottom: 2 }), { noise: noiseSource(10, 0.01) });
    expect(pantry.sessions()).toEqual([expect.objectContaining({ source: 'step' })]);
    expect(pantry.sessions()[0]?.takenKg).toBeCloseTo(1, 1);
  });
});

describe('a bouncing door switch', () => {
  it('open/closed three times within half a second around a visit: one session', () => {
    const fridge = shutFridge();
    const openedAt = T0 + 40 * MINUTE;
    // The opening bounces...
    fridge.door(true, openedAt);
    fridge.door(false, openedAt + 150);
    fridge.door(true, openedAt + 300);
    fridge.door(false, openedAt + 400);
    fridge.door(true, openedAt + 500);
    // ...someone takes a kilo from the top shelf, and the closing bounces too.
    const closedAt = openedAt + 15 * SECOND;
    fridge.door(false, closedAt);
    fridge.door(true, closedAt + 200);
    fridge.door(false, closedAt + 450);
    fridge.run(closedAt + 450, closedAt + 2 * MINUTE, grossOf({ top: 4, bottom: 2 }));
    const [session, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(session).toMatchObject({ openedAt, closedAt: closedAt + 450, settle: 'clean' });
    expect(session?.takenKg).toBeCloseTo(1, 1);
  });

  it('a bounce alone, with no weight change, is no visit', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.door(true, at);
    fridge.door(false, at + 150);
    fridge.door(true, at + 300);
    fridge.door(false, at + 500);
    fridge.run(at + 500, at + 3 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    expect(fridge.sessions()).toHaveLength(0);
  });

  it('a door that opens for a look of a few seconds is a visit, even with nothing taken', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.door(true, at);
    fridge.door(false, at + 4 * SECOND);
    fridge.run(at + 4 * SECOND, at + 3 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    expect(fridge.sessions()).toEqual([expect.objectContaining({ takenKg: 0, addedKg: 0, shelves: [] })]);
  });

  it('the next neighbour opening 0.3 s after the last one shut: two visits, not a bounce', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.door(true, at);
    fridge.door(false, at + 12 * SECOND);
    // Within the debounce, but after a real opening and for a real opening: a hand-over.
    fridge.door(true, at + 12 * SECOND + 300);
    fridge.weight('top', 3 + 4, at + 15 * SECOND);
    fridge.door(false, at + 30 * SECOND);
    fridge.run(at + 30 * SECOND, at + 3 * MINUTE, grossOf({ top: 4, bottom: 1 }));
    const sessions = fridge.sessions();
    expect(sessions.map((s) => [s.openedAt, s.closedAt])).toEqual([
      [at, at + 12 * SECOND],
      [at + 12 * SECOND + 300, at + 30 * SECOND],
    ]);
    // No reading came between the two: what both took is read with the second.
    expect(sessions.reduce((sum, s) => sum + s.takenKg, 0)).toBeCloseTo(2, 1);
  });

  it('a bounce on closing after a real opening is still one session', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.door(true, at);
    fridge.door(false, at + 12 * SECOND);
    fridge.door(true, at + 12 * SECOND + 100);
    // A tick arrives while the door is "open" again, before the debounce runs out.
    fridge.weight('top', 3 + 4, at + 12 * SECOND + 200);
    fridge.door(false, at + 12 * SECOND + 350);
    fridge.run(at + 12 * SECOND + 350, at + 3 * MINUTE, grossOf({ top: 4, bottom: 2 }));
    expect(fridge.sessions()).toEqual([
      expect.objectContaining({ openedAt: at, closedAt: at + 12 * SECOND + 350, settle: 'clean' }),
    ]);
  });

  it('closings and openings further apart than doorDebounceMs are two sessions', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.door(true, at);
    fridge.door(false, at + 10 * SECOND);
    fridge.door(true, at + 10 * SECOND + 1500);
    fridge.door(false, at + 20 * SECOND);
    fridge.run(at + 20 * SECOND, at + 3 * MINUTE, grossOf({ top: 4, bottom: 2 }));
    expect(fridge.sessions()).toHaveLength(2);
  });
});

describe('a transfer between shelves', () => {
  it('is a visit with moves, neither taken nor added', () => {
    const fridge = shutFridge();
    const at = T0 + 40 * MINUTE;
    fridge.door(true, at);
    fridge.door(false, at + 25 * SECOND);
    fridge.run(at + 25 * SECOND, at + 3 * MINUTE, grossOf({ top: 4, bottom: 3 }));
    const [session] = fridge.sessions();
    expect(session?.takenKg).toBe(0);
    expect(session?.addedKg).toBe(0);
    expect(session?.netKg).toBe(0);
    const moves = Object.fromEntries(session?.shelves.map((s) => [s.shelfId, s.deltaKg]) ?? []);
    expect(moves.top).toBeCloseTo(-1, 1);
    expect(moves.bottom).toBeCloseTo(1, 1);
  });
});

describe('a scale that reports whole kilograms', () => {
  // Tasmota `WeightRes 0`: the gross rounded to the kilogram.
  // Tares on whole kilograms keep the arithmetic readable; the flips come from the gross itself.
  const shelves = SHELVES.map((s) => ({ ...s, tareKg: Math.round(s.tareKg) }));

  it('a reading flipping between two steps is no session, no flag and no fault, in a pantry or a fridge', () => {
    for (const withDoor of [false, true]) {
      const fridge = new FridgeDriver(undefined, shelves);
      if (withDoor) fridge.door(false, T0);
      const net = { top: 5.5, bottom: 2 };
      // A quiet shelf on a coarse scale reads the same value for hours: no stuck sensor.
      fridge.run(T0, T0 + 6 * HOUR, (id) => Math.round(grossOf(net, shelves)(id) + 0.01), { noise: () => 0 });
      // 5.5 kg of food on the top shelf: 40 g of noise before the rounding flips it between 8 and 9 kg.
      const noise = noiseSource(21, 0.04);
      fridge.run(T0 + 6 * HOUR, T0 + 12 * HOUR, (id) => Math.round(grossOf(net, shelves)(id) + noise()), {
        noise: () => 0,
      });
      expect(fridge.sessions()).toHaveLength(0);
      expect(fridge.ofType('shelfDoubtChanged')).toHaveLength(0);
      const top = fridge.estimate().shelves.find((s) => s.shelfId === 'top');
      expect(Math.abs((top?.kg ?? 0) - 5.5)).toBeLessThanOrEqual(1);
      // The uncertainty says so: at least half a step.
      expect(top?.uncertaintyKg ?? 0).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('a pantry sees a take of 0.4 kg that crosses a step: one visit of one step, and a slow drift across a step is none', () => {
    const fridge = new FridgeDriver(undefined, shelves);
    const noise = noiseSource(23, 0.01);
    const rounded = (net: (atMs: number) => Record<string, number>) => (id: string, atMs: number) =>
      Math.round(grossOf(net(atMs), shelves)(id) + noise());
    // 8.7 kg gross reads 9 every time; after the take, 8.3 kg reads 8 every time.
    fridge.run(
      T0,
      T0 + HOUR,
      rounded(() => ({ top: 5.7, bottom: 2 })),
      { noise: () => 0 },
    );
    fridge.run(
      T0 + HOUR,
      T0 + 2 * HOUR,
      rounded(() => ({ top: 5.3, bottom: 2 })),
      { noise: () => 0 },
    );
    const [take, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(take).toMatchObject({ source: 'step', takenKg: 1, shelves: [{ shelfId: 'top', deltaKg: -1 }] });
    // The cell drifts the bottom shelf across the edge at 5.5 kg gross over six hours: it flips for a while.
    const drifting = (atMs: number) => ({
      top: 5.3,
      bottom: 2.45 + (0.1 * (atMs - T0 - 2 * HOUR)) / (6 * HOUR),
    });
    fridge.run(T0 + 2 * HOUR, T0 + 8 * HOUR, rounded(drifting), { noise: () => 0 });
    expect(fridge.sessions()).toHaveLength(1);
    expect(fridge.ofType('shelfDoubtChanged')).toHaveLength(0);
  });

  it('a pantry sees a one-step take whose hands read both steps after a long rest, dated from the hands', () => {
    const fridge = new FridgeDriver(undefined, shelves);
    const grossAt = (net: Record<string, number>) => (id: string) => Math.round(grossOf(net, shelves)(id));
    const before = grossAt({ top: 5.7, bottom: 2 });
    const after = grossAt({ top: 5.3, bottom: 2 });
    // An hour at rest (9 every time), then hands: 8 (the new step), 9 (the old), then 8 every time.
    fridge.run(T0, T0 + HOUR, before, { noise: () => 0 });
    const handsFrom = T0 + HOUR;
    fridge.run(
      handsFrom,
      handsFrom + 2 * HOUR,
      (id, atMs) => {
        if (id !== 'top') return before(id);
        if (atMs < handsFrom + 8 * SECOND) return 8;
        if (atMs < handsFrom + 15 * SECOND) return 9;
        return after(id);
      },
      { noise: () => 0 },
    );
    const [take, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(take).toMatchObject({ source: 'step', takenKg: 1, shelves: [{ shelfId: 'top', deltaKg: -1 }] });
    expect(take?.openedAt).toBeLessThan(handsFrom + 8 * SECOND);
  });

  it('reads a pantry take from where the shelf rested, not from a level the hands already pulled', () => {
    const fridge = new FridgeDriver(undefined, shelves);
    const resting = (id: string) => Math.round(grossOf({ top: 5.7, bottom: 2 }, shelves)(id));
    const taken = (id: string) => Math.round(grossOf({ top: 3.7, bottom: 2 }, shelves)(id));
    // An hour at rest (9 every time), then hands reading 8, 9, 8, 8 for half a minute before the
    // shelf reads 7 for good: a take of two steps, which the hands' readings must not shorten.
    fridge.run(T0, T0 + HOUR, resting, { noise: () => 0 });
    const handsFrom = T0 + HOUR;
    const hands = [8, 9, 8, 8];
    fridge.run(
      handsFrom,
      handsFrom + HOUR,
      (id, atMs) => {
        if (id !== 'top') return resting(id);
        const index = Math.floor((atMs - handsFrom) / (7 * SECOND));
        return hands[index] ?? taken(id);
      },
      { noise: () => 0 },
    );
    const [take, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(take).toMatchObject({ source: 'step', takenKg: 2, shelves: [{ shelfId: 'top', deltaKg: -2 }] });
  });

  it('a pantry shelf a session did not touch is still at rest: a one-step take a minute later is seen', () => {
    const fridge = new FridgeDriver(undefined, shelves);
    const gross = (net: Record<string, number>) => (id: string) => Math.round(grossOf(net, shelves)(id));
    fridge.run(T0, T0 + HOUR, gross({ top: 5.7, bottom: 4.2 }), { noise: () => 0 });
    // One neighbour takes 3 kg from the bottom; the next, a minute later, 0.4 kg from the top
    // (8.7 kg gross reads 9, 8.3 reads 8).
    fridge.run(T0 + HOUR, T0 + HOUR + MINUTE, gross({ top: 5.7, bottom: 1.2 }), { noise: () => 0 });
    fridge.run(T0 + HOUR + MINUTE, T0 + 3 * HOUR, gross({ top: 5.3, bottom: 1.2 }), { noise: () => 0 });
    const [first, second, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(first).toMatchObject({ takenKg: 3, shelves: [{ shelfId: 'bottom', deltaKg: -3 }] });
    expect(second).toMatchObject({ takenKg: 1, shelves: [{ shelfId: 'top', deltaKg: -1 }] });
  });

  it('still sees a pantry visit that moved several kilograms', () => {
    const fridge = new FridgeDriver(undefined, shelves);
    const noise = noiseSource(22, 0.02);
    const rounded = (net: Record<string, number>) => (id: string) =>
      Math.round(grossOf(net, shelves)(id) + noise());
    fridge.run(T0, T0 + HOUR, rounded({ top: 5.2, bottom: 2 }), { noise: () => 0 });
    fridge.run(T0 + HOUR, T0 + 2 * HOUR, rounded({ top: 2.2, bottom: 2 }), { noise: () => 0 });
    const [session, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(session?.takenKg).toBeCloseTo(3, 0);
    expect(grams(fridge.shelfKg('top') ?? 0)).toBeCloseTo(2.2, 0);
  });
});
