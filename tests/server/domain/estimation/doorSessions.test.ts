import { describe, expect, it } from 'vitest';
import { FridgeDriver, grossOf, MINUTE, noiseSource, SECOND, T0 } from './fixtures';

/** A fridge whose shelves settled at 5 kg (top) and 2 kg (bottom) over ten quiet minutes. */
function settledFridge(seed = 1): FridgeDriver {
  const fridge = new FridgeDriver();
  fridge.door(false, T0);
  fridge.run(T0, T0 + 10 * MINUTE, grossOf({ top: 5, bottom: 2 }), { noise: noiseSource(seed, 0.01) });
  return fridge;
}

describe('door sessions', () => {
  it('reads nothing until the shelves first settle, then the food on them', () => {
    const fridge = new FridgeDriver();
    expect(fridge.estimate().kg).toBeNull();
    fridge.weight('top', 8, T0 + SECOND);
    expect(fridge.shelfKg('top')).toBeNull();
    fridge.run(T0 + SECOND, T0 + MINUTE, grossOf({ top: 5, bottom: 2 }));
    expect(fridge.shelfKg('top')).toBeCloseTo(5, 1);
    expect(fridge.estimate().kg).toBeCloseTo(7, 1);
  });

  it('holds the estimate while the door is open and until the shelves settle, then reports the session', () => {
    const fridge = settledFridge();
    const before = fridge.estimate();
    const openedAt = T0 + 10 * MINUTE + 2 * SECOND;
    fridge.door(true, openedAt);
    // A hand on the shelf while a kilo leaves it.
    fridge.weight('top', 3 + 5 + 2.2, openedAt + 3 * SECOND);
    fridge.weight('bottom', 4 + 2 + 0.8, openedAt + 4 * SECOND);
    fridge.weight('top', 3 + 4 - 0.4, openedAt + 10 * SECOND);
    expect(fridge.estimate().kg).toBe(before.kg);
    const closedAt = openedAt + 20 * SECOND;
    fridge.door(false, closedAt);
    fridge.weight('top', 3 + 4, closedAt + 2 * SECOND);
    expect(fridge.estimate().kg).toBe(before.kg);
    expect(fridge.sessions()).toHaveLength(0);

    fridge.run(closedAt, closedAt + MINUTE, grossOf({ top: 4, bottom: 2 }), { noise: noiseSource(2, 0.01) });
    const [session, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(session).toMatchObject({
      fridgeId: 'fridge-1',
      openedAt,
      closedAt,
      source: 'door',
      settle: 'clean',
    });
    expect(session?.takenKg).toBeCloseTo(1, 1);
    expect(session?.addedKg).toBe(0);
    expect(session?.shelves.map((s) => s.shelfId)).toEqual(['top']);
    expect(fridge.shelfKg('top')).toBeCloseTo(4, 1);
    expect(fridge.ofType('stockEstimated').at(-1)?.estimate.kg).toBeCloseTo(6, 1);
  });

  it('reports the moves shelf by shelf, and taken or added from the net', () => {
    const fridge = settledFridge();
    const openedAt = T0 + 10 * MINUTE + 3 * SECOND;
    fridge.door(true, openedAt);
    fridge.door(false, openedAt + 40 * SECOND);
    fridge.run(openedAt + 40 * SECOND, openedAt + 2 * MINUTE, grossOf({ top: 2.5, bottom: 6 }));
    const [session] = fridge.sessions();
    const moves = Object.fromEntries(session?.shelves.map((s) => [s.shelfId, s.deltaKg]) ?? []);
    expect(moves.top).toBeCloseTo(-2.5, 1);
    expect(moves.bottom).toBeCloseTo(4, 1);
    expect(session?.netKg).toBeCloseTo(1.5, 1);
    expect(session?.takenKg).toBe(0);
    expect(session?.addedKg).toBeCloseTo(1.5, 1);
    expect(fridge.estimate().kg).toBeCloseTo(8.5, 1);
  });

  it('reads an unsettled shelf as it is once the settle times out', () => {
    const fridge = settledFridge();
    const openedAt = T0 + 10 * MINUTE + 3 * SECOND;
    fridge.door(true, openedAt);
    const closedAt = openedAt + 15 * SECOND;
    fridge.door(false, closedAt);
    // Something keeps rocking on the top shelf: its readings never agree.
    fridge.run(closedAt, closedAt + 2 * MINUTE, (id, at) =>
      id === 'top' ? 3 + 4 + (Math.floor(at / 7000) % 2 === 0 ? 0.15 : -0.15) : 4 + 2,
    );
    const [session] = fridge.sessions();
    expect(session?.settle).toBe('timeout');
    expect(session?.takenKg).toBeGreaterThan(0.8);
    expect(session?.takenKg).toBeLessThan(1.2);
    expect(fridge.estimate().uncertaintyKg ?? 0).toBeGreaterThan(0.1);
  });

  it('ends a session the door reopened before it settled with what it has; the rest comes with the next', () => {
    const fridge = settledFridge();
    const firstOpen = T0 + 10 * MINUTE + 3 * SECOND;
    fridge.door(true, firstOpen);
    fridge.door(false, firstOpen + 10 * SECOND);
    fridge.door(true, firstOpen + 12 * SECOND);
    const interrupted = fridge.sessions()[0];
    expect(interrupted).toMatchObject({ settle: 'interrupted', shelves: [], takenKg: 0 });
    fridge.door(false, firstOpen + 30 * SECOND);
    fridge.run(firstOpen + 30 * SECOND, firstOpen + 2 * MINUTE, grossOf({ top: 3.5, bottom: 2 }));
    expect(fridge.sessions()).toHaveLength(2);
    expect(fridge.sessions()[1]?.takenKg).toBeCloseTo(1.5, 1);
  });

  it('counts a visit that moved nothing as a session with no shelves', () => {
    const fridge = settledFridge();
    const openedAt = T0 + 10 * MINUTE + 3 * SECOND;
    fridge.door(true, openedAt);
    fridge.door(false, openedAt + 8 * SECOND);
    fridge.run(openedAt + 8 * SECOND, openedAt + MINUTE, grossOf({ top: 5, bottom: 2 }), {
      noise: noiseSource(3, 0.01),
    });
    expect(fridge.sessions()).toEqual([
      expect.objectContaining({ shelves: [], takenKg: 0, addedKg: 0, settle: 'clean' }),
    ]);
  });

  it('ends the session of a door left open and then watches for step changes', () => {
    const fridge = settledFridge();
    const openedAt = T0 + 10 * MINUTE + 3 * SECOND;
    fridge.door(true, openedAt);
    fridge.run(openedAt, openedAt + 12 * MINUTE, grossOf({ top: 4, bottom: 2 }));
    const [leftOpen] = fridge.sessions();
    expect(leftOpen?.closedAt).toBe(openedAt + 10 * MINUTE);
    expect(leftOpen?.takenKg).toBeCloseTo(1, 1);
    fridge.run(openedAt + 12 * MINUTE, openedAt + 14 * MINUTE, grossOf({ top: 3, bottom: 2 }));
    expect(fridge.sessions()[1]).toMatchObject({ source: 'step' });
    expect(fridge.shelfKg('top')).toBeCloseTo(3, 1);
  });
});

describe('sessions without a door sensor (a pantry)', () => {
  it('turns a settled step change into a session', () => {
    const fridge = new FridgeDriver();
    fridge.run(T0, T0 + 10 * MINUTE, grossOf({ top: 5, bottom: 2 }), { noise: noiseSource(4, 0.01) });
    expect(fridge.sessions()).toHaveLength(0);
    const at = T0 + 10 * MINUTE;
    fridge.run(at, at + 2 * MINUTE, grossOf({ top: 4.2, bottom: 2 }), { noise: noiseSource(5, 0.01) });
    const [session, ...more] = fridge.sessions();
    expect(more).toHaveLength(0);
    expect(session?.source).toBe('step');
    expect(session?.takenKg).toBeCloseTo(0.8, 1);
    expect(session?.openedAt).toBeGreaterThan(at);
    expect(session?.openedAt).toBeLessThan(at + 10 * SECOND);
  });

  it('keeps one session for one visit that touches two shelves in turn', () => {
    const fridge = new FridgeDriver();
    fridge.run(T0, T0 + 10 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    const at = T0 + 10 * MINUTE;
    fridge.run(at, at + 15 * SECOND, grossOf({ top: 4, bottom: 2 }));
    fridge.run(at + 15 * SECOND, at + 2 * MINUTE, grossOf({ top: 4, bottom: 1.5 }));
    expect(fridge.sessions()).toHaveLength(1);
    expect(fridge.sessions()[0]?.takenKg).toBeCloseTo(1.5, 1);
  });

  it('ignores a hand that leans on a shelf and lets go', () => {
    const fridge = new FridgeDriver();
    fridge.run(T0, T0 + 10 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    const at = T0 + 10 * MINUTE;
    fridge.weight('top', 3 + 5 + 1.5, at + SECOND);
    fridge.weight('top', 3 + 5 + 0.9, at + 8 * SECOND);
    fridge.run(at + 8 * SECOND, at + 3 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    expect(fridge.sessions()).toHaveLength(0);
    expect(fridge.shelfKg('top')).toBeCloseTo(5, 1);
  });
});
