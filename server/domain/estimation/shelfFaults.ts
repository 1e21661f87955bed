import type { EstimatorConfig } from './config';
import { discardQuietStretch } from './driftRate';
import { COARSE_STEP_KG, resolutionKg } from './resolution';
import { lastN, median } from './robust';
import { discardThermalStretch } from './thermal';
import type { DoubtReason, ShelfTrack, TimedKg } from './types';

/** Readings kept per shelf: enough for a settle window and the 3-point spike median. */
export const recentCapacity = (config: EstimatorConfig): number => Math.max(config.settleReadings, 5);

export interface FaultCheck {
  /** The reading may feed the estimate. */
  usable: boolean;
  /** The shelf's doubt changed to this (null: trusted again); undefined when it did not change. */
  doubtChangedTo?: DoubtReason | null;
}

function isOutOfRange(shelf: ShelfTrack, kg: number, config: EstimatorConfig): boolean {
  const low = shelf.emptyKg - config.outOfRangeBelowEmptyKg;
  const high = shelf.emptyKg + shelf.spec.capacityKg * config.outOfRangeCapacityFactor;
  return kg < low || kg > high;
}

/**
 * A real HX711 jitters by a few counts on every reading, so a long run of identical values
 * means the cell, its wiring or the firmware is stuck.
 */
function trackSameRun(shelf: ShelfTrack, rawKg: number, atMs: number): void {
  const run = shelf.sameRun;
  if (run && run.kg === rawKg) run.count += 1;
  else shelf.sameRun = { kg: rawKg, sinceMs: atMs, count: 1 };
}

/**
 * A spike is a reading far from the median of itself and its two neighbours; a real step moves
 * the median with it and is not counted. The middle reading is judged once its successor arrives.
 */
function countSpike(shelf: ShelfTrack, config: EstimatorConfig): void {
  if (shelf.recent.length < 3) return;
  const window = lastN(shelf.recent, 3);
  const middle = window[1] as TimedKg;
  const centre = median(window.map((r) => r.kg));
  if (Math.abs(middle.kg - centre) > config.spikeLimitKg) shelf.spikesAtMs.push(middle.atMs);
}

type FaultReason = NonNullable<ShelfTrack['doubt']>['reason'];

function currentDoubt(shelf: ShelfTrack, outOfRange: boolean, config: EstimatorConfig): FaultReason | null {
  const run = shelf.sameRun;
  // A coarse scale (whole kilograms) repeats its value for hours on a quiet shelf.
  const canTellStuck = resolutionKg(shelf) < COARSE_STEP_KG;
  if (canTellStuck && run && run.count >= 3 && shelf.lastReadingAtMs !== null) {
    if (shelf.lastReadingAtMs - run.sinceMs >= config.stuckAfterMs) return 'stuck';
  }
  if (outOfRange) return 'out-of-range';
  const spikes = shelf.spikesAtMs.length;
  // Hysteresis: once jumping, a shelf stays doubtful until a whole window passes without a spike.
  if (spikes >= config.jumpingSpikeCount || (shelf.doubt?.reason === 'jumping' && spikes > 0))
    return 'jumping';
  return null;
}

/**
 * Runs the fault rules on one reading (corrected for temperature; `rawKg` as the cell sent it)
 * and records it. Mutates `shelf` (a working copy). `watchSpikes` is false while the door is
 * open: hands on a shelf are not a faulty sensor.
 */
export function checkShelfFaults(
  shelf: ShelfTrack,
  reading: TimedKg,
  rawKg: number,
  watchSpikes: boolean,
  config: EstimatorConfig,
): FaultCheck {
  shelf.lastReadingAtMs = reading.atMs;
  trackSameRun(shelf, rawKg, reading.atMs);
  const outOfRange = isOutOfRange(shelf, reading.kg, config);
  if (outOfRange) {
    shelf.outOfRangeRun += 1;
    if (watchSpikes && shelf.outOfRangeRun === 1) shelf.spikesAtMs.push(reading.atMs);
  } else {
    shelf.outOfRangeRun = 0;
    shelf.recent.push(reading);
    if (watchSpikes) countSpike(shelf, config);
    shelf.recent = lastN(shelf.recent, recentCapacity(config));
  }
  const horizon = reading.atMs - config.jumpingWindowMs;
  shelf.spikesAtMs = shelf.spikesAtMs.filter((at) => at > horizon);

  const before = shelf.doubt?.reason ?? null;
  const after = currentDoubt(shelf, shelf.outOfRangeRun >= config.settleReadings, config);
  // A lone implausible reading is a spike: dropped, without doubting the shelf.
  if (before === after) return { usable: after === null && !outOfRange };
  if (after === null) {
    shelf.doubt = null;
    // The stock may have changed while the sensor was not believed: start again from fresh readings.
    shelf.needsRebase = true;
    shelf.recent = [reading];
  } else {
    shelf.doubt = { reason: after, sinceMs: reading.atMs };
    discardQuietStretch(shelf.driftRate);
    discardThermalStretch(shelf.thermal);
  }
  return { usable: after === null && !outOfRange, doubtChangedTo: after };
}
