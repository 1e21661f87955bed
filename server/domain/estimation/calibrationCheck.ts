import type { EstimatorConfig } from './config';
import { kgOf, lastN, median } from './robust';
import type { ShelfTrack } from './types';

/** The reading a calibration refers to: the median of the latest raw readings. */
export function currentGrossKg(shelf: ShelfTrack, config: EstimatorConfig): number | null {
  if (shelf.recent.length === 0) return shelf.levelKg;
  return median(kgOf(lastN(shelf.recent, config.settleReadings)));
}

/** Why "Mark full" cannot take the shelf's reading as its capacity. */
export type MarkFullRefusal =
  | { why: 'no-reading' }
  | { why: 'not-above-tare'; grossKg: number; tareKg: number };

/**
 * "Mark full" makes the shelf's current reading minus its tare its capacity. With no reading, or
 * nothing above the tare beyond a cell's noise (`settleToleranceKg`, 3σ of a noisy cell; a shelf read
 * below its tare re-bases its tare there, leaving a float's worth above it), there is nothing to
 * take, and the organiser is told why rather than answered "done" while nothing changed.
 */
export function markFullRefusal(
  shelf: ShelfTrack | undefined,
  config: EstimatorConfig,
): MarkFullRefusal | null {
  const grossKg = shelf ? currentGrossKg(shelf, config) : null;
  if (!shelf || grossKg === null) return { why: 'no-reading' };
  if (grossKg - shelf.emptyKg <= config.settleToleranceKg)
    return { why: 'not-above-tare', grossKg, tareKg: shelf.emptyKg };
  return null;
}

/** The reason the API gives (contract/errors.ts `SHELF_NOT_MARKABLE_FULL`). */
export function markFullRefusalText(refusal: MarkFullRefusal): string {
  if (refusal.why === 'no-reading') return 'it has sent no weight reading yet';
  const kg = (n: number) => `${Math.round(n * 100) / 100} kg`;
  return `its reading (${kg(refusal.grossKg)}) is not above its tare (${kg(refusal.tareKg)}): load it first`;
}
