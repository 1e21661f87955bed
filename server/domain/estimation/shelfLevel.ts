import type { EstimatorConfig } from './config';
import { driftSpreadKgSquaredPerMs, learnedDriftKgPerMs, recordQuietDrift } from './driftRate';
import { COARSE_STEP_KG, resolutionKg } from './resolution';
import { clamp, kgOf, lastN, mean, median, settledWindow, spreadKg } from './robust';
import type { ShelfTrack, TimedKg } from './types';

/** More samples than this add no confidence: drift and temperature dominate by then. */
const MAX_LEVEL_SAMPLES = 30;
/** E|a − b| of two independent N(0, σ²) readings is 2σ/√π, so σ = E|a − b| · √π / 2. */
const SIGMA_PER_MEAN_ABS_DIFF = Math.sqrt(Math.PI) / 2;
const NOISE_SMOOTHING = 0.05;

/** Food on the shelf as the estimate stands, never negative; null before the first settle. */
export function shelfNetKg(shelf: ShelfTrack): number | null {
  if (shelf.levelKg === null) return null;
  return Math.max(0, shelf.levelKg - shelf.emptyKg);
}

/** One standard error of the shelf's level. */
const levelErrorKg = (shelf: ShelfTrack): number =>
  shelf.noiseKg / Math.sqrt(Math.max(1, shelf.levelSamples));

/**
 * A shelf cannot weigh less than empty: a level clearly (three standard errors) below the empty
 * reading means the shelf is empty and the empty reading was off (unwatched drift, a session read
 * a little heavy, a tare that was off). The level becomes the empty reading; otherwise the error
 * would hide under a displayed zero and show up with the next food put on the shelf.
 */
function clampToEmpty(shelf: ShelfTrack): void {
  if (shelf.levelKg === null) return;
  if (shelf.clampedFromKg !== null && shelf.levelKg > shelf.emptyKg) {
    // The clamp rested on a settle of three readings, which can read low by three standard
    // errors on an empty shelf; as the level gathers readings and comes back up, the empty reading
    // follows it, never above where it stood before the clamp. Otherwise the noise of one settle
    // would show as food on an empty shelf.
    shelf.emptyKg = Math.min(shelf.clampedFromKg, shelf.levelKg);
  }
  if (shelf.levelKg - shelf.emptyKg < -3 * levelErrorKg(shelf)) {
    shelf.clampedFromKg ??= shelf.emptyKg;
    shelf.emptyKg = shelf.levelKg;
  }
}

/**
 * Carries the empty reading forward at the learned drift rate to `atMs`: while a session or its
 * aftermath hides the drift, it is predicted rather than measured.
 */
function predictDrift(shelf: ShelfTrack, atMs: number, config: EstimatorConfig): void {
  const since = shelf.driftAppliedUntilMs;
  shelf.driftAppliedUntilMs = atMs;
  if (since === null || atMs <= since) return;
  shelf.unwatchedMs += atMs - since;
  const driftKg = learnedDriftKgPerMs(shelf.driftRate, config) * (atMs - since);
  shelf.emptyKg += driftKg;
  if (shelf.clampedFromKg !== null) shelf.clampedFromKg += driftKg;
  shelf.driftSinceCleanKg += driftKg;
}

/** Absorbs drift measured while quiet, and remembers it for the rate. */
function absorbDrift(shelf: ShelfTrack, driftKg: number, elapsedMs: number, atMs: number): void {
  shelf.emptyKg += driftKg;
  shelf.driftSinceCleanKg += driftKg;
  shelf.driftAppliedUntilMs = atMs;
  recordQuietDrift(shelf.driftRate, driftKg, atMs, elapsedMs);
}

export interface SettleOutcome {
  levelKg: number;
  /** The end was read cleanly: the last readings agreed. */
  clean: boolean;
  samples: number;
  /** Half-width of the doubt a rough settle leaves. */
  unsettledKg: number;
  atMs: number;
  /** Raw readings to seed the idle filter with. */
  recent: TimedKg[];
}

/** Sets the shelf's level after a session (or a re-base); the stock follows until the hold ends. */
export function applySettledLevel(
  shelf: ShelfTrack,
  outcome: SettleOutcome,
  holdUntilMs: number,
  config: EstimatorConfig,
): void {
  predictDrift(shelf, outcome.atMs, config);
  shelf.clampedFromKg = null;
  shelf.levelKg = outcome.levelKg;
  shelf.levelSamples = outcome.samples;
  shelf.holdUntilMs = holdUntilMs;
  shelf.recent = outcome.recent;
  shelf.asOfMs = outcome.atMs;
  if (outcome.clean) {
    shelf.driftSinceCleanKg = 0;
    shelf.unsettledKg = 0;
  } else {
    shelf.unsettledKg = outcome.unsettledKg;
  }
  clampToEmpty(shelf);
}

/** Reads where a shelf ended up from the readings after a session; null without any. */
export function readSettle(post: readonly TimedKg[], config: EstimatorConfig): SettleOutcome | null {
  const last = post[post.length - 1];
  if (!last) return null;
  const window = settledWindow(post, config.settleReadings, config.settleToleranceKg);
  if (window) {
    return {
      levelKg: mean(kgOf(window)),
      clean: true,
      samples: window.length,
      unsettledKg: 0,
      atMs: last.atMs,
      recent: lastN(post, config.settleReadings),
    };
  }
  // Not settled: the median of the latest readings resists a hand or a spike among them. Two
  // readings that disagree cannot say which is the spike: the change waits for the next session.
  const latest = kgOf(lastN(post, Math.max(config.settleReadings, 3)));
  if (latest.length === 2 && spreadKg(latest) > config.settleToleranceKg) return null;
  const levelKg = median(latest);
  return {
    levelKg,
    clean: false,
    samples: 1,
    unsettledKg: Math.max(config.settleToleranceKg, ...latest.map((kg) => Math.abs(kg - levelKg))),
    atMs: last.atMs,
    recent: lastN(post, config.settleReadings),
  };
}

export type IdleOutcome =
  /** The level has not been set yet (or must be set again) and the readings have not settled. */
  | { kind: 'waiting' }
  /** The level was set from a settled window (first reading of a shelf, or after a fault). */
  | { kind: 'based' }
  /** The reading was folded into the level (stock while holding, drift after), unless an outlier. */
  | { kind: 'tracked'; inlier: boolean }
  /** The robust level moved by more than the step threshold: a session without a door. */
  | { kind: 'step'; sinceMs: number };

function updateNoise(shelf: ShelfTrack, config: EstimatorConfig): void {
  const [previous, current] = lastN(shelf.recent, 2);
  if (!previous || !current) return;
  const diff = Math.abs(current.kg - previous.kg);
  if (diff > config.settleToleranceKg * 2) return;
  shelf.noiseKg += NOISE_SMOOTHING * (diff * SIGMA_PER_MEAN_ABS_DIFF - shelf.noiseKg);
}

/**
 * One usable reading of a shelf with no session in progress (the reading is already the last
 * of `shelf.recent`). Mutates `shelf`.
 */
export function trackIdleReading(shelf: ShelfTrack, reading: TimedKg, config: EstimatorConfig): IdleOutcome {
  if (shelf.levelKg === null || shelf.needsRebase) {
    const window = settledWindow(shelf.recent, config.settleReadings, config.settleToleranceKg);
    if (!window) return { kind: 'waiting' };
    applySettledLevel(
      shelf,
      {
        levelKg: mean(kgOf(window)),
        clean: true,
        samples: window.length,
        unsettledKg: 0,
        atMs: reading.atMs,
        recent: window,
      },
      // The level keeps improving on more readings, and the stock with it.
      reading.atMs + config.holdAfterSessionMs,
      config,
    );
    shelf.needsRebase = false;
    return { kind: 'based' };
  }
  // Fewer than three readings since a reset: a median of them would not outvote a spike.
  if (shelf.recent.length < 3) return { kind: 'tracked', inlier: false };
  const level = shelf.levelKg;
  const window = lastN(shelf.recent, 3);
  const centre = median(kgOf(window));
  if (Math.abs(centre - level) > config.stepThresholdKg) {
    const moved = window.find((r) => Math.abs(r.kg - level) > config.stepThresholdKg) ?? reading;
    return { kind: 'step', sinceMs: moved.atMs };
  }
  updateNoise(shelf, config);
  shelf.asOfMs = reading.atMs;
  const previous = shelf.recent[shelf.recent.length - 2];
  const elapsedMs = previous ? Math.max(0, reading.atMs - previous.atMs) : 0;
  // A coarse scale (whole kilograms) cannot show drift, only food and a reading flipping between
  // two steps: its level always follows the readings, whose average is the best it can tell.
  const coarse = resolutionKg(shelf) >= COARSE_STEP_KG;
  if (reading.atMs < shelf.holdUntilMs || coarse) {
    // Recovering from a session: the level follows the readings and the stock follows the level.
    predictDrift(shelf, reading.atMs, config);
    if (Math.abs(reading.kg - centre) > config.settleToleranceKg) return { kind: 'tracked', inlier: false };
    const alpha = 1 - Math.exp(-elapsedMs / config.levelTimeConstantMs);
    shelf.levelKg = level + alpha * (reading.kg - level);
    shelf.levelSamples = Math.min(MAX_LEVEL_SAMPLES, shelf.levelSamples + 1);
    clampToEmpty(shelf);
    return { kind: 'tracked', inlier: true };
  }
  // Quiet: the level creeps toward the median no faster than drift can, and the empty reading
  // moves with it, so drift never shows as stock.
  shelf.clampedFromKg = null;
  const maxStepKg = (config.driftKgPerHour * elapsedMs) / 3_600_000;
  const stepKg = clamp(centre - level, -maxStepKg, maxStepKg);
  shelf.levelKg = level + stepKg;
  absorbDrift(shelf, stepKg, elapsedMs, reading.atMs);
  shelf.levelSamples = MAX_LEVEL_SAMPLES;
  return { kind: 'tracked', inlier: Math.abs(reading.kg - centre) <= config.settleToleranceKg };
}

/**
 * ± kg for one shelf: about two standard errors of its level, two of the drift that went unwatched
 * (during sessions and holds it counts as stock), the drift absorbed since the last clean settle
 * (in case some of it was food), the doubt a rough settle left, half the scale's step, and a
 * change with the door shut that stands flagged.
 */
export function shelfUncertaintyKg(shelf: ShelfTrack, config: EstimatorConfig): number | null {
  if (shelf.levelKg === null) return null;
  const levelKg = 2 * levelErrorKg(shelf);
  const unwatchedKg = 2 * Math.sqrt(driftSpreadKgSquaredPerMs(shelf.driftRate, config) * shelf.unwatchedMs);
  // A coarse scale hides up to half a step; a change with the door shut may have been food.
  const quantisationKg = resolutionKg(shelf) / 2;
  const shutChangeKg = Math.abs(shelf.shutChange?.deltaKg ?? 0);
  return (
    levelKg +
    unwatchedKg +
    Math.abs(shelf.driftSinceCleanKg) +
    shelf.unsettledKg +
    quantisationKg +
    shutChangeKg
  );
}
