import { resolutionKg } from './resolution';
import type { ShelfTrack } from './types';

/**
 * A pantry (no door sensor) on a scale that reports whole kilograms sees a visit only when a
 * shelf moves by more than a step and a half: a reading flipping between two steps must not be a
 * visit. Yet most takes are under a kilogram, and one that crosses a step's edge moves the reading
 * by exactly one step, cleanly: a shelf that read k every time for `RUN_READINGS` readings, then
 * (hands aside) k ± 1 every time for as many. A drift or warming that carries a shelf across an
 * edge instead makes it flip between the two for a while (the cell's noise, σ 5-20 g, dithers it),
 * and a flip to the neighbouring step takes the resting value away until a new clean run.
 *
 * At p = ½ per reading, two clean runs of 8 back to back happen 1 in 65,536 positions: a shelf
 * sitting on an edge for a whole day (≈10,000 readings) would make a phantom about once in a week.
 */
const RUN_READINGS = 8;

export interface CoarseStep {
  /** The first reading of the new run. */
  sinceMs: number;
  /** The level to read the visit from: where it stood before it followed the new run. */
  levelBeforeKg: number | null;
}

const sameKg = (a: number, b: number, stepKg: number) => Math.abs(a - b) < stepKg / 100;

/**
 * Follows a coarse shelf's raw readings outside sessions; returns the clean one-step move a run of
 * readings just confirmed, or null. Mutates `shelf.coarseRun` (replacing it, never editing it).
 */
export function observeCoarseRun(shelf: ShelfTrack, rawKg: number, atMs: number): CoarseStep | null {
  const stepKg = resolutionKg(shelf);
  const run = shelf.coarseRun ?? null;
  if (run && sameKg(run.kg, rawKg, stepKg)) {
    const count = run.count + 1;
    const confirmed = count === RUN_READINGS;
    const oneStep =
      confirmed && run.restingKg !== null && sameKg(Math.abs(run.kg - run.restingKg), stepKg, stepKg);
    shelf.coarseRun = { ...run, count, restingKg: confirmed ? run.kg : run.restingKg };
    return oneStep ? { sinceMs: run.sinceMs, levelBeforeKg: run.levelAtStartKg } : null;
  }
  let restingKg = run?.restingKg ?? null;
  // A short run on the neighbouring step is a flip: the shelf sits on an edge, not at rest.
  if (
    run &&
    run.count < RUN_READINGS &&
    restingKg !== null &&
    sameKg(Math.abs(run.kg - restingKg), stepKg, stepKg)
  )
    restingKg = null;
  shelf.coarseRun = { kg: rawKg, count: 1, sinceMs: atMs, levelAtStartKg: shelf.levelKg, restingKg };
  return null;
}

/** A session reads the shelf from scratch: the runs before it tell nothing after it. */
export function forgetCoarseRun(shelf: ShelfTrack): void {
  shelf.coarseRun = null;
}
