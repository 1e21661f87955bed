import type {
  ScenarioReading,
  ScenarioResult,
  SessionRecord,
  SimulatedFridge,
  TruthRecord,
} from '../../firmware-sim';

/**
 * Faults and situations the simulator does not produce on its own, applied to its output.
 * Each keeps the ground truth honest: only what the sensors report changes, or, for merged
 * sessions, the session list the truth is compared with.
 */

/** From `fromMs` to `toMs` the shelf's cell repeats the value it read first (a frozen HX711). */
export function freezeShelf(
  result: ScenarioResult,
  shelfId: string,
  fromMs: number,
  toMs: number,
): ScenarioResult {
  let frozenKg: number | null = null;
  const readings = result.readings.map((reading): ScenarioReading => {
    const value = reading.value;
    if (value.kind !== 'weight' || value.shelfId !== shelfId) return reading;
    if (reading.atMs < fromMs || reading.atMs >= toMs) return reading;
    frozenKg ??= value.kg;
    return { ...reading, value: { ...value, kg: frozenKg } };
  });
  return { ...result, readings };
}

/** The shelf's cell creeps steadily by `kgPerHour` from the start (on top of the simulator's drift). */
export function creepShelf(
  result: ScenarioResult,
  shelfId: string,
  startMs: number,
  kgPerHour: number,
): ScenarioResult {
  const readings = result.readings.map((reading): ScenarioReading => {
    const value = reading.value;
    if (value.kind !== 'weight' || value.shelfId !== shelfId) return reading;
    const creepKg = (kgPerHour * (reading.atMs - startMs)) / 3_600_000;
    return { ...reading, value: { ...value, kg: Math.round((value.kg + creepKg) * 1000) / 1000 } };
  });
  return { ...result, readings };
}

export interface RestockDuringVisitsOptions {
  /** One restock per slot of this length, during the first visit of the slot that is long enough. */
  everyMs: number;
  fromMs: number;
  /** The volunteer tops up every shelf below `topUpBelowFraction` of its capacity to `fillFraction`... */
  fillFraction: number;
  topUpBelowFraction: number;
  /** ...and throws out this much spoiled food they brought earlier, from one shelf. */
  spoiledKg: number;
  /** Visits shorter than this are too quick to restock in. */
  minOpenMs: number;
}

export const grams = (kg: number) => Math.round(kg * 1000) / 1000;

/**
 * Adds a per-shelf weight offset over time to a run: to every weight reading, and to the truth
 * through `shifted`, so the benchmark's truth still matches what the load cells report.
 */
export function shiftShelves(
  readings: readonly ScenarioReading[],
  offsetAt: (shelfId: string, atMs: number) => number,
): { readings: ScenarioReading[]; shifted: (record: TruthRecord) => TruthRecord } {
  return {
    readings: readings.map((reading): ScenarioReading => {
      const value = reading.value;
      if (value.kind !== 'weight') return reading;
      const extraKg = offsetAt(value.shelfId, reading.atMs);
      return extraKg === 0 ? reading : { ...reading, value: { ...value, kg: grams(value.kg + extraKg) } };
    }),
    shifted: (record) => ({
      ...record,
      shelves: Object.fromEntries(
        Object.entries(record.shelves).map(([id, kg]) => [id, grams(kg + offsetAt(id, record.t))]),
      ),
    }),
  };
}

/**
 * The simulator makes a volunteer wait until the door is free. Here a volunteer restocks in the
 * middle of a neighbour's visit instead: from that moment every shelf the volunteer touched reads
 * (and truly holds) the added food on top of what the simulator modelled, so one door session
 * both takes and adds. The simulator's own restocks should be off, so shelves stay within
 * capacity; spoiled food is only thrown out of what earlier restocks here added, so no shelf
 * goes below zero.
 */
export function restockDuringVisits(
  result: ScenarioResult,
  fridge: SimulatedFridge,
  options: RestockDuringVisitsOptions,
): ScenarioResult {
  const visits = result.sessions
    .filter(
      (s) =>
        s.fridgeId === fridge.fridgeId &&
        s.kind === 'visit' &&
        s.takenKg > 0 &&
        s.endMs - s.startMs >= options.minOpenMs,
    )
    .sort((a, b) => a.startMs - b.startMs);
  const truth = [...result.truth].sort((a, b) => a.t - b.t);
  const injections: Array<{ atMs: number; sessionId: string; deltaKgByShelf: Record<string, number> }> = [];
  const offsetKg: Record<string, number> = {};
  const endMs = truth[truth.length - 1]?.t ?? options.fromMs;
  for (let slot = options.fromMs; slot < endMs; slot += options.everyMs) {
    const visit = visits.find((v) => v.startMs >= slot && v.startMs < slot + options.everyMs);
    if (!visit) continue;
    const atMs = Math.round((visit.startMs + visit.endMs) / 2);
    const inEffect = truth.filter((r) => r.t <= atMs).pop();
    if (!inEffect) continue;
    const deltaKgByShelf: Record<string, number> = {};
    let spoiledDone = false;
    for (const shelf of fridge.shelves) {
      const stockKg = (inEffect.shelves[shelf.id] ?? 0) + (offsetKg[shelf.id] ?? 0);
      const topUpKg = Math.floor((shelf.capacityKg * options.fillFraction - stockKg) * 1000) / 1000;
      if (stockKg < shelf.capacityKg * options.topUpBelowFraction && topUpKg >= 0.05)
        deltaKgByShelf[shelf.id] = topUpKg;
      else if (!spoiledDone && (offsetKg[shelf.id] ?? 0) >= options.spoiledKg) {
        deltaKgByShelf[shelf.id] = -options.spoiledKg;
        spoiledDone = true;
      }
    }
    for (const [shelfId, kg] of Object.entries(deltaKgByShelf))
      offsetKg[shelfId] = grams((offsetKg[shelfId] ?? 0) + kg);
    injections.push({ atMs, sessionId: visit.sessionId, deltaKgByShelf });
  }
  const offsetAt = (shelfId: string, atMs: number) =>
    injections.filter((i) => i.atMs <= atMs).reduce((sum, i) => sum + (i.deltaKgByShelf[shelfId] ?? 0), 0);

  const { readings, shifted } = shiftShelves(result.readings, offsetAt);
  const newTruth = truth.map(shifted);
  for (const injection of injections) {
    const before = truth.filter((r) => r.t <= injection.atMs).pop();
    const [shelfId, deltaKg] = Object.entries(injection.deltaKgByShelf)[0] ?? ['', 0];
    if (!before || !shelfId) continue;
    newTruth.push(
      shifted({
        ...before,
        t: injection.atMs,
        event: { type: 'stock-change', sessionId: injection.sessionId, kind: 'restock', shelfId, deltaKg },
      }),
    );
  }
  newTruth.sort((a, b) => a.t - b.t);
  const sessions = result.sessions.map((session): SessionRecord => {
    const injection = injections.find((i) => i.sessionId === session.sessionId);
    if (!injection) return session;
    const deltaKgByShelf = { ...session.deltaKgByShelf };
    for (const [id, kg] of Object.entries(injection.deltaKgByShelf))
      deltaKgByShelf[id] = grams((deltaKgByShelf[id] ?? 0) + kg);
    const deltas = Object.values(deltaKgByShelf);
    return {
      ...session,
      kind: 'restock',
      deltaKgByShelf,
      takenKg: grams(deltas.filter((kg) => kg < 0).reduce((sum, kg) => sum - kg, 0)),
      addedKg: grams(deltas.filter((kg) => kg > 0).reduce((sum, kg) => sum + kg, 0)),
    };
  });
  return { readings, truth: newTruth, sessions };
}
