import type { EstimatorConfig } from './config';

/**
 * What quiet stretches (door closed, no session, no hold) taught about a cell's drift. A cell
 * that creeps steadily should have its creep carried through the hours a session and its hold
 * hide it; a cell whose drift is a random walk should not have a few lucky grams extrapolated.
 * So the rate is a pooled mean over stretches, shrunk toward zero by its own standard error.
 */
export interface DriftRateTrack {
  /** Sums over finished stretches, fading with `driftMemoryMs`: time, drift, drift² per time, count. */
  totalMs: number;
  totalKg: number;
  squaredKgPerMs: number;
  stretches: number;
  fadedAtMs: number | null;
  /** The quiet stretch in progress. */
  stretch: { fromMs: number; toMs: number; driftKg: number } | null;
}

/** Stretches shorter than this say more about the level filter's jitter than about drift. */
const MIN_STRETCH_MS = 20 * 60_000;
/** A rate is carried only as far as it stands out of its noise (in standard errors). */
const SIGNIFICANCE = 1;

export const newDriftRateTrack = (): DriftRateTrack => ({
  totalMs: 0,
  totalKg: 0,
  squaredKgPerMs: 0,
  stretches: 0,
  fadedAtMs: null,
  stretch: null,
});

export function cloneDriftRateTrack(track: DriftRateTrack): DriftRateTrack {
  return { ...track, stretch: track.stretch ? { ...track.stretch } : null };
}

/** Drift absorbed while quiet, `elapsedMs` after the previous reading. */
export function recordQuietDrift(
  track: DriftRateTrack,
  driftKg: number,
  atMs: number,
  elapsedMs: number,
): void {
  if (track.stretch) {
    track.stretch.toMs = atMs;
    track.stretch.driftKg += driftKg;
  } else {
    track.stretch = { fromMs: atMs - elapsedMs, toMs: atMs, driftKg };
  }
}

interface Sums {
  totalMs: number;
  totalKg: number;
  squaredKgPerMs: number;
  stretches: number;
}

function withStretch(track: DriftRateTrack, config: EstimatorConfig): Sums {
  const sums: Sums = { ...track };
  const stretch = track.stretch;
  if (!stretch) return sums;
  const ms = stretch.toMs - stretch.fromMs;
  if (ms < MIN_STRETCH_MS) return sums;
  const fade =
    track.fadedAtMs === null ? 1 : Math.exp(-(stretch.toMs - track.fadedAtMs) / config.driftMemoryMs);
  return {
    totalMs: sums.totalMs * fade + ms,
    totalKg: sums.totalKg * fade + stretch.driftKg,
    squaredKgPerMs: sums.squaredKgPerMs * fade + stretch.driftKg ** 2 / ms,
    stretches: sums.stretches * fade + 1,
  };
}

/** The quiet stretch ended (a session began): it joins the record if it was long enough. */
export function closeQuietStretch(track: DriftRateTrack, config: EstimatorConfig): void {
  const stretch = track.stretch;
  if (!stretch) return;
  const sums = withStretch(track, config);
  track.stretch = null;
  if (sums.stretches === track.stretches) return;
  Object.assign(track, sums);
  track.fadedAtMs = stretch.toMs;
}

/** A fault or a calibration makes the stretch in progress meaningless. */
export function discardQuietStretch(track: DriftRateTrack): void {
  track.stretch = null;
}

const enoughStretches = (sums: Sums, config: EstimatorConfig) =>
  sums.stretches >= 3 && sums.totalMs >= config.driftMemoryMs / 6;

/**
 * How fast the cell wanders around its trend, kg² per ms: random-walk drift spreads in
 * proportion to time, so each stretch's residual is weighed by 1/time.
 */
function spreadOf(sums: Sums): number {
  const residual = Math.max(0, sums.squaredKgPerMs - sums.totalKg ** 2 / sums.totalMs);
  return residual / Math.max(1, sums.stretches - 1);
}

/** Drift variance per ms the cell showed, or the configured figure until it has shown enough. */
export function driftSpreadKgSquaredPerMs(track: DriftRateTrack, config: EstimatorConfig): number {
  const sums = withStretch(track, config);
  if (enoughStretches(sums, config)) return spreadOf(sums);
  return config.driftSpreadKgPerSqrtHour ** 2 / 3_600_000;
}

/** The drift rate to carry through sessions, kg per ms; 0 while it does not stand out. */
export function learnedDriftKgPerMs(track: DriftRateTrack, config: EstimatorConfig): number {
  const sums = withStretch(track, config);
  if (!enoughStretches(sums, config)) return 0;
  const rate = sums.totalKg / sums.totalMs;
  const variance = spreadOf(sums) / sums.totalMs;
  if (rate === 0) return 0;
  const shrink = Math.max(0, 1 - (SIGNIFICANCE ** 2 * variance) / rate ** 2);
  return rate * shrink;
}
