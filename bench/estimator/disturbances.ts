import { createRng, type ScenarioReading, type ScenarioResult } from '../../firmware-sim';
import { grams, shiftShelves } from './transforms';

/**
 * What real fridges do that the simulator does not, applied to its output (issue 14): people
 * leaning on or bumping the shut fridge, a door switch that bounces, visitors moving food between
 * shelves, and scales that round. Each keeps the truth honest: disturbances and bounces change
 * only what the sensors report; a transfer changes the truth per shelf but not the total.
 */

/** A stretch in which the shut fridge was disturbed, from a little before to a while after. */
export interface DisturbanceWindow {
  fromMs: number;
  toMs: number;
  kind: 'lean' | 'bump' | 'wipe';
}

const byTime = (a: ScenarioReading, b: ScenarioReading) => a.atMs - b.atMs;
const uniform = (rng: { next(): number }, min: number, max: number) => min + rng.next() * (max - min);
/** Disturbances and standalone bounces keep this far from any session, so no visit overlaps them. */
const CLEAR_OF_SESSIONS_MS = 4 * 60_000;

function quietTimes(
  result: ScenarioResult,
  rng: { next(): number },
  everyMs: number,
  lastMs: number,
): number[] {
  const sessions = result.sessions;
  const firstMs = result.truth[0]?.t ?? 0;
  const times: number[] = [];
  for (
    let t = firstMs + uniform(rng, 0.5, 1.5) * everyMs;
    t < lastMs;
    t += uniform(rng, 0.5, 1.5) * everyMs
  ) {
    const clear = sessions.every(
      (s) => t < s.startMs - CLEAR_OF_SESSIONS_MS || t > s.endMs + CLEAR_OF_SESSIONS_MS,
    );
    if (clear) times.push(Math.round(t));
  }
  return times;
}

/** Every weight reading rounded to the scale's step (Tasmota `WeightRes 0`: 1 kg; 10 g steps). */
export function quantise(result: ScenarioResult, stepKg: number): ScenarioResult {
  const readings = result.readings.map((reading): ScenarioReading => {
    const value = reading.value;
    if (value.kind !== 'weight') return reading;
    return { ...reading, value: { ...value, kg: grams(Math.round(value.kg / stepKg) * stepKg) } };
  });
  return { ...result, readings };
}

/**
 * The shut fridge disturbed about every `everyMs`: a lean (one shelf, +1 to +3 kg for 2-10 s), a
 * bump (every shelf swinging ±0.3-1.5 kg for 1-2 s) or a wipe of the top (every shelf +0.2-0.8 kg
 * for 20-40 s). The cell reports on change (ESPHome's `delta` filter, Tasmota's `WeightDelta`):
 * readings every 0.5-2 s while it moves, on top of its regular ones, which read the load too.
 */
export function closedDoorDisturbances(
  result: ScenarioResult,
  seed: number,
  everyMs: number,
): { result: ScenarioResult; windows: DisturbanceWindow[] } {
  const rng = createRng(seed);
  const lastMs = result.truth[result.truth.length - 1]?.t ?? 0;
  const shelfIds = [
    ...new Set(result.readings.flatMap((r) => (r.value.kind === 'weight' ? [r.value.shelfId] : []))),
  ];
  const windows: DisturbanceWindow[] = [];
  const loads: Array<{
    fromMs: number;
    toMs: number;
    everyMs: number;
    kgOf: (shelfId: string, atMs: number) => number;
  }> = [];
  for (const atMs of quietTimes(result, rng, everyMs, lastMs - 10 * 60_000)) {
    const pick = rng.next();
    if (pick < 0.5) {
      const shelfId = shelfIds[Math.floor(rng.next() * shelfIds.length)] ?? '';
      const kg = uniform(rng, 1, 3);
      const durationMs = uniform(rng, 2_000, 10_000);
      loads.push({
        fromMs: atMs,
        toMs: atMs + durationMs,
        everyMs: 1_000,
        kgOf: (id) => (id === shelfId ? kg : 0),
      });
      windows.push({ fromMs: atMs - 10_000, toMs: atMs + durationMs + 3 * 60_000, kind: 'lean' });
    } else if (pick < 0.8) {
      const kg = uniform(rng, 0.3, 1.5);
      const durationMs = uniform(rng, 1_000, 2_000);
      loads.push({
        fromMs: atMs,
        toMs: atMs + durationMs,
        everyMs: 500,
        kgOf: (_id, t) => kg * Math.cos((t - atMs) / 80),
      });
      windows.push({ fromMs: atMs - 10_000, toMs: atMs + durationMs + 3 * 60_000, kind: 'bump' });
    } else {
      const kg = uniform(rng, 0.2, 0.8);
      const durationMs = uniform(rng, 20_000, 40_000);
      loads.push({ fromMs: atMs, toMs: atMs + durationMs, everyMs: 2_000, kgOf: () => kg });
      windows.push({ fromMs: atMs - 10_000, toMs: atMs + durationMs + 3 * 60_000, kind: 'wipe' });
    }
  }
  const loadAt = (shelfId: string, atMs: number) =>
    loads.find((l) => atMs >= l.fromMs && atMs < l.toMs)?.kgOf(shelfId, atMs) ?? 0;
  const lastByShelf = new Map<string, ScenarioReading>();
  const extra: ScenarioReading[] = [];
  let next = 0;
  const readings = result.readings.map((reading): ScenarioReading => {
    const value = reading.value;
    if (value.kind !== 'weight') return reading;
    // Extra readings of the loads that began before this one, from the shelf's last regular reading.
    while (next < loads.length && (loads[next]?.fromMs ?? Number.POSITIVE_INFINITY) <= reading.atMs) {
      const load = loads[next] as (typeof loads)[number];
      for (const [shelfId, last] of lastByShelf) {
        if (last.value.kind !== 'weight') continue;
        for (let t = load.fromMs; t < load.toMs; t += load.everyMs) {
          const kg = grams(last.value.kg + load.kgOf(shelfId, t) + uniform(rng, -0.01, 0.01));
          extra.push({ ...last, atMs: Math.round(t), value: { ...last.value, kg } });
        }
      }
      next += 1;
    }
    lastByShelf.set(value.shelfId, reading);
    const extraKg = loadAt(value.shelfId, reading.atMs);
    return extraKg === 0 ? reading : { ...reading, value: { ...value, kg: grams(value.kg + extraKg) } };
  });
  return { result: { ...result, readings: [...readings, ...extra].sort(byTime) }, windows };
}

/**
 * A door switch that bounces: every door event is followed, with probability `share`, by two
 * more flips within half a second (it settles where it meant to), and about every `loneEveryMs`
 * the shut door chatters open-shut-open-shut within half a second with nobody there.
 */
export function bounceDoor(
  result: ScenarioResult,
  seed: number,
  share: number,
  loneEveryMs: number,
): ScenarioResult {
  const rng = createRng(seed);
  const extra: ScenarioReading[] = [];
  let template: ScenarioReading | undefined;
  for (const reading of result.readings) {
    if (reading.value.kind !== 'door') continue;
    template ??= reading;
    if (rng.next() >= share) continue;
    const open = reading.value.open;
    const first = reading.atMs + Math.round(uniform(rng, 50, 200));
    const second = first + Math.round(uniform(rng, 50, 250));
    extra.push({ ...reading, atMs: first, value: { kind: 'door', open: !open } });
    extra.push({ ...reading, atMs: second, value: { kind: 'door', open } });
  }
  const lastMs = result.truth[result.truth.length - 1]?.t ?? 0;
  if (template) {
    for (const atMs of quietTimes(result, rng, loneEveryMs, lastMs)) {
      [0, 150, 300, 450].forEach((offsetMs, i) => {
        extra.push({
          ...(template as ScenarioReading),
          atMs: atMs + offsetMs,
          value: { kind: 'door', open: i % 2 === 0 },
        });
      });
    }
  }
  return { ...result, readings: [...result.readings, ...extra].sort(byTime) };
}

/**
 * In a share of the visits of 8 s or more, the visitor also moves 0.3-2 kg from one shelf to
 * another halfway through (never more than the first shelf holds). The truth moves with it; the
 * session's net, and so what left the fridge, does not change.
 */
export function transferInVisits(result: ScenarioResult, seed: number, share: number): ScenarioResult {
  const rng = createRng(seed);
  const truth = [...result.truth].sort((a, b) => a.t - b.t);
  const moves: Array<{ atMs: number; sessionId: string; from: string; to: string; kg: number }> = [];
  const offsets: Record<string, number> = {};
  for (const session of result.sessions) {
    if (session.kind !== 'visit' || session.endMs - session.startMs < 8_000 || rng.next() >= share) continue;
    const atMs = Math.round((session.startMs + session.endMs) / 2);
    const inEffect = truth.filter((r) => r.t <= atMs).pop();
    if (!inEffect) continue;
    const ids = Object.keys(inEffect.shelves);
    const from = ids[Math.floor(rng.next() * ids.length)] ?? '';
    const to = ids.filter((id) => id !== from)[Math.floor(rng.next() * (ids.length - 1))] ?? '';
    // The least the source shelf holds from now on (the simulator's later visits take from what it
    // believes is there), so no shelf goes below empty.
    const later = truth.filter((r) => r.t >= session.startMs).map((r) => r.shelves[from] ?? 0);
    const holdsKg = Math.min(inEffect.shelves[from] ?? 0, ...later) + (offsets[from] ?? 0);
    const kg = grams(Math.min(uniform(rng, 0.3, 2), holdsKg - 0.05));
    if (kg < 0.3) continue;
    moves.push({ atMs, sessionId: session.sessionId, from, to, kg });
    offsets[from] = (offsets[from] ?? 0) - kg;
    offsets[to] = (offsets[to] ?? 0) + kg;
  }
  const offsetAt = (shelfId: string, atMs: number) =>
    moves.reduce(
      (sum, m) => sum + (m.atMs > atMs ? 0 : m.from === shelfId ? -m.kg : m.to === shelfId ? m.kg : 0),
      0,
    );
  const { readings, shifted } = shiftShelves(result.readings, offsetAt);
  const sessions = result.sessions.map((session) => {
    const move = moves.find((m) => m.sessionId === session.sessionId);
    if (!move) return session;
    const deltaKgByShelf = { ...session.deltaKgByShelf };
    deltaKgByShelf[move.from] = grams((deltaKgByShelf[move.from] ?? 0) - move.kg);
    deltaKgByShelf[move.to] = grams((deltaKgByShelf[move.to] ?? 0) + move.kg);
    return { ...session, deltaKgByShelf };
  });
  return { readings, truth: truth.map(shifted), sessions };
}
