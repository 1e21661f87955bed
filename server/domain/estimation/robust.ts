import type { TimedKg } from './types';

/** Median of a non-empty list; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty list');
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export const lastN = <T>(list: readonly T[], n: number): T[] => list.slice(Math.max(0, list.length - n));

export const kgOf = (readings: readonly TimedKg[]): number[] => readings.map((r) => r.kg);

/**
 * The shelf has settled when its last `count` readings lie within `toleranceKg` of their median:
 * a hand, a swinging item or a spike puts one of them outside. One reading more is looked at, and
 * one outlier among them forgiven, so that a lone spike does not hold a settle back. Returns the
 * agreeing readings, or null.
 */
export function settledWindow(
  readings: readonly TimedKg[],
  count: number,
  toleranceKg: number,
): TimedKg[] | null {
  if (readings.length < count) return null;
  const window = lastN(readings, count + 1);
  const centre = median(kgOf(window));
  const agreeing = window.filter((r) => Math.abs(r.kg - centre) <= toleranceKg);
  if (agreeing.length < count) return null;
  const last = window[window.length - 1] as TimedKg;
  // The newest reading must agree: a shelf moving right now has not settled.
  return agreeing[agreeing.length - 1] === last ? agreeing : null;
}

/** Largest distance of a reading from the median: how unsure a level read from them is. */
export function spreadKg(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const centre = median(values);
  return Math.max(...values.map((v) => Math.abs(v - centre)));
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
