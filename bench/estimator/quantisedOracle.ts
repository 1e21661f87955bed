import type { SessionRecord, SimulatedFridge, TruthRecord } from '../../firmware-sim';

/**
 * The best any estimator can do from a coarse scale's readings: an observer that knows, for every
 * visit, each shelf's true gross weight before and after it, rounded to the scale's step as the
 * scale rounds it (no noise, no drift, no hands). What it gets wrong is what the rounding hides;
 * the cells' noise (σ 5-20 g) adds sub-step information only within a few σ of a step's edge.
 */
export interface QuantisedOracle {
  /** Visits that changed some shelf's rounded reading: all a scale could ever show. */
  visibleVisits: number;
  /** What left the fridge, summed per visit from the rounded readings (each visit's net if negative). */
  sharedKg: number;
}

export function quantisedOracle(
  fridge: SimulatedFridge,
  sessions: readonly SessionRecord[],
  truth: readonly TruthRecord[],
  stepKg: number,
): QuantisedOracle {
  const ordered = [...truth].sort((a, b) => a.t - b.t);
  const inEffectAt = (atMs: number): TruthRecord | undefined => {
    let found: TruthRecord | undefined;
    for (const record of ordered) {
      if (record.t > atMs) break;
      found = record;
    }
    return found;
  };
  const rounded = (kg: number) => Math.round(kg / stepKg) * stepKg;
  let visibleVisits = 0;
  let sharedKg = 0;
  for (const session of sessions) {
    const before = inEffectAt(session.startMs - 1)?.shelves ?? {};
    const after = inEffectAt(session.endMs + 1)?.shelves ?? {};
    let netKg = 0;
    let moved = false;
    for (const shelf of fridge.shelves) {
      const fromKg = rounded((before[shelf.id] ?? 0) + shelf.tareKg);
      const toKg = rounded((after[shelf.id] ?? 0) + shelf.tareKg);
      if (fromKg !== toKg) moved = true;
      netKg += toKg - fromKg;
    }
    if (moved) visibleVisits += 1;
    sharedKg += Math.max(0, -netKg);
  }
  return { visibleVisits, sharedKg };
}
