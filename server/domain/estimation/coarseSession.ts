import { levelBeforeHands, resumeCoarseRun, seedCoarseRun } from './coarseSteps';
import type { EstimatorConfig } from './config';
import { COARSE_STEP_KG, resolutionKg, shelfConfig } from './resolution';
import { kgOf, lastN } from './robust';
import type { EstimatorState, SessionShelf, SessionTrack } from './types';

/** Step sessions on a coarse scale (whole kilograms): when they have settled, and when they moved. */

/** The shelf's scale steps 100 g or more (Tasmota `WeightRes 0`: whole kilograms). */
export const coarseShelf = (state: EstimatorState, shelfId: string): boolean => {
  const shelf = state.shelves[shelfId];
  return !!shelf && resolutionKg(shelf) >= COARSE_STEP_KG;
};

/**
 * A coarse scale's shelf at rest shows one value or two neighbouring ones. Hands in a pantry push
 * it a step or two either way, which a tolerance of one step around the median would forgive (one
 * reading more forgiven still): seen so, a visit ended while the hands were still there and its
 * end came back as a second, phantom session. So every one of the last readings must agree.
 */
export function coarseAtRest(entry: SessionShelf, rules: EstimatorConfig): boolean {
  const window = kgOf(lastN(entry.post, rules.settleReadings + 1));
  return (
    window.length > rules.settleReadings &&
    Math.max(...window) - Math.min(...window) <= rules.settleToleranceKg
  );
}

/**
 * The least change that says a step session's shelf did not come back. On a coarse scale half a
 * step: a session opened by a move of two steps that settles one and a half away (readings
 * flipping between the two steps beyond) moved; read against the one-and-a-half-step threshold
 * that opens a session, it was dropped and its visit came back later as a phantom.
 */
export const stayedMovedKg = (state: EstimatorState, shelfId: string, config: EstimatorConfig): number => {
  const shelf = state.shelves[shelfId];
  if (!shelf) return config.stepThresholdKg;
  if (!coarseShelf(state, shelfId)) return shelfConfig(shelf, config).stepThresholdKg;
  return Math.max(config.stepThresholdKg, resolutionKg(shelf) / 2);
};

/**
 * A pantry on a coarse scale, after a step session: each shelf's readings since it settled start
 * its run of identical readings (see `coarseSteps.ts`), as if they had come outside the session.
 */
export function seedCoarseRuns(state: EstimatorState, session: SessionTrack): void {
  if (state.door !== null || session.source !== 'step') return;
  for (const [shelfId, entry] of Object.entries(session.shelves)) {
    const shelf = state.shelves[shelfId];
    if (shelf && coarseShelf(state, shelfId)) seedCoarseRun(shelf, entry.post, entry.coarseBefore);
  }
}

/** A pantry's step session that was no visit: each shelf's runs go on as if it had not been opened. */
export function resumeCoarseRuns(state: EstimatorState, session: SessionTrack): void {
  if (state.door !== null || session.source !== 'step') return;
  for (const [shelfId, entry] of Object.entries(session.shelves)) {
    const shelf = state.shelves[shelfId];
    if (shelf && entry.coarseBefore && coarseShelf(state, shelfId))
      resumeCoarseRun(shelf, entry.coarseBefore, entry.post);
  }
}

/**
 * A pantry's step session opens on a coarse scale: every shelf whose rest ended within a visit's
 * length of the visit's start is read from where it stood before the hands (`levelBeforeHands`).
 */
export function restoreLevelsBeforeHands(state: EstimatorState, visitFromMs: number): void {
  if (state.door !== null) return;
  for (const id of state.shelfIds) {
    const shelf = state.shelves[id];
    if (!shelf || !coarseShelf(state, id) || shelf.levelKg === null) continue;
    const before = levelBeforeHands(shelf, visitFromMs);
    if (before !== null) shelf.levelKg = before;
  }
}
