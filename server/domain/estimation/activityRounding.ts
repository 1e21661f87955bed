import type { DoorSessionEffect } from './types';

/**
 * How far a scale that rounds can put the activity figures off: the ± on "kg shared" (and brought
 * in) of a fridge whose shelves report whole kilograms or 100 g steps.
 *
 * Within a run of sessions that all took food, the kilograms taken telescope: their sum is, shelf
 * by shelf, where the run started less where it ended, so the rounding of the readings in between
 * cancels (visits too small to change a rounded reading included) and only the two ends count. Each
 * end is a rounded reading, off by up to half a step, and the two are independent: their
 * difference has a standard deviation of step/√6 (the difference of two uniform errors of ± step/2).
 * A session that took nothing (a restock, a transfer) ends the run and the next starts afresh; the
 * same holds for runs of additions. Independent runs and shelves add in quadrature, and the ± is
 * two standard deviations. Shelves finer than `COARSE_STEP_KG` add nothing worth showing.
 *
 * Bench check (`npm run bench:estimator -- --seeds 20250602,1,2,3,4,5,6,7,8,9 whole-kg`,
 * docs/estimation.md): the truth lies within the ± on every seed of both whole-kg scenarios.
 */

/**
 * A pantry (no door sensor) adds one more doubt. Two neighbours at the shelves in turn, seconds
 * apart, are one disturbance of the scales and one step session (issue 14's bench: 5 of the
 * whole-kg pantry's misses), whose net is all the figures count: "one adds 2 kg, the next takes
 * 1 kg" reads as 1 kg added. A step session whose moves go both ways (a shelf up, another down)
 * was such a pair or a transfer between shelves; nothing in the readings tells which, so what the
 * net may hide, from nothing (a transfer) to the smaller side m (a pair), is taken as uniform on
 * [0, m], whose mean square is m²/3, and added to the variance of both totals. A door session's
 * moves both ways are a transfer (the door shows one visit) and add nothing.
 */
const HIDDEN_UNIFORM_MEAN_SQUARE = 1 / 3;

/** A stored session as the activity needs it: when, what it took and added, and the shelves it moved. */
export type RoundedSession = Pick<DoorSessionEffect, 'openedAt' | 'takenKg' | 'addedKg'> & {
  shelves?: ReadonlyArray<{ shelfId: string; deltaKg: number }>;
  /** `step`: read from the scales alone (no door sensor); absent in sessions stored without it. */
  source?: DoorSessionEffect['source'];
};

/** What a step session's net may hide: the smaller of what its moves put on and took off the shelves. */
export function hiddenByNetKg(session: RoundedSession): number {
  if (session.source !== 'step') return 0;
  let upKg = 0;
  let downKg = 0;
  for (const move of session.shelves ?? []) {
    if (move.deltaKg > 0) upKg += move.deltaKg;
    else downKg -= move.deltaKg;
  }
  return Math.min(upKg, downKg);
}

/** Variances (kg²) of the taken and added totals of one fridge's sessions, in time order. */
export interface RoundingVariance {
  takenKg2: number;
  addedKg2: number;
}

const UNIFORM_DIFFERENCE_VARIANCE = 1 / 6;

interface Run {
  kind: 'taken' | 'added';
  shelves: Set<string>;
}

/**
 * Sums the rounding variance of a fridge's sessions (any order; read in time order).
 * `stepKgByShelf` holds the fridge's coarse shelves and their steps; a shelf missing from it
 * rounds finely enough to leave out.
 */
export function roundingVariance(
  sessions: readonly RoundedSession[],
  stepKgByShelf: Readonly<Record<string, number>>,
): RoundingVariance {
  const ordered = [...sessions].sort((a, b) => a.openedAt - b.openedAt);
  const result: RoundingVariance = { takenKg2: 0, addedKg2: 0 };
  const close = (run: Run | null) => {
    if (!run) return;
    let variance = 0;
    for (const shelfId of run.shelves) {
      const stepKg = stepKgByShelf[shelfId] ?? 0;
      variance += stepKg * stepKg * UNIFORM_DIFFERENCE_VARIANCE;
    }
    if (run.kind === 'taken') result.takenKg2 += variance;
    else result.addedKg2 += variance;
  };
  let run: Run | null = null;
  for (const session of ordered) {
    const hiddenKg = hiddenByNetKg(session);
    result.takenKg2 += hiddenKg * hiddenKg * HIDDEN_UNIFORM_MEAN_SQUARE;
    result.addedKg2 += hiddenKg * hiddenKg * HIDDEN_UNIFORM_MEAN_SQUARE;
    const kind = session.takenKg > 0 ? 'taken' : session.addedKg > 0 ? 'added' : null;
    if (run && run.kind !== kind) {
      close(run);
      run = null;
    }
    if (kind === null) continue;
    const current: Run = run ?? { kind, shelves: new Set() };
    for (const move of session.shelves ?? []) {
      if (move.shelfId in stepKgByShelf) current.shelves.add(move.shelfId);
    }
    run = current;
  }
  close(run);
  return result;
}

/** Two standard deviations, in kg, rounded to 10 g. */
export const twoSigmaKg = (varianceKg2: number): number => Math.round(200 * Math.sqrt(varianceKg2)) / 100;
