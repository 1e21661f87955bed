import type { History } from '../../contract/history';
import type { Messages } from '../i18n/languages';
import { formatCelsius, formatKg, oneDecimal } from './format';
import { msg } from './locale';
import { formatTemperatureFigure } from './temperature-words';

/**
 * The fridge page's history charts in numbers and words: which range asks for which buckets, the
 * safe band, the excursions, and the sentence a screen reader hears instead of the canvas. Pure.
 */

/** The words live in the language files (dashboard/i18n, `history`). */
const words = () => msg().history;

export type HistoryRange = keyof Messages['history']['ranges'];
export const HISTORY_RANGES: readonly HistoryRange[] = ['24h', '7d', '30d'];

/** The range in the page's address (`?range=7d`), so a shared link opens on it; 24 h when absent. */
export function rangeFromSearch(search: string): HistoryRange {
  const asked = new URLSearchParams(search).get('range');
  return HISTORY_RANGES.find((r) => r === asked) ?? '24h';
}

/** The same page's address showing `range`; other parameters kept, 24 h (the default) left out. */
export function searchWithRange(search: string, range: HistoryRange): string {
  const params = new URLSearchParams(search);
  if (range === '24h') params.delete('range');
  else params.set('range', range);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

const HOUR_MS = 3_600_000;
/**
 * Bucket widths: 15 minutes is the rollups' own resolution; 1 h over 7 days (168 buckets) and 6 h
 * over 30 days (120) keep the canvas readable and stay under the API's 500-bucket limit.
 */
const RANGE_PLAN: Record<HistoryRange, { ms: number; step: '15m' | '1h' | '6h' }> = {
  '24h': { ms: 24 * HOUR_MS, step: '15m' },
  '7d': { ms: 7 * 24 * HOUR_MS, step: '1h' },
  '30d': { ms: 30 * 24 * HOUR_MS, step: '6h' },
};

export interface HistoryQuery {
  metric: 'temperature' | 'stock';
  from: string;
  to: string;
  step: string;
}

/** The query for a range ending now; `to` is whole minutes so a refetch a second later is equal. */
export function historyQuery(
  metric: HistoryQuery['metric'],
  range: HistoryRange,
  nowMs: number,
): HistoryQuery {
  const plan = RANGE_PLAN[range];
  const toMs = Math.ceil(nowMs / 60_000) * 60_000;
  return {
    metric,
    from: new Date(toMs - plan.ms).toISOString(),
    to: new Date(toMs).toISOString(),
    step: plan.step,
  };
}

export interface SafeBand {
  /** Null: no lower limit (a freezer: colder is fine). */
  lowC: number | null;
  highC: number;
}

/**
 * The unit's safe band as the history answer carries it: the band its alert rules judge by (a
 * fridge 0–5 °C, FDA Food Code 2022 3-501.16(A)(2); a freezer up to -15 °C; an organiser's
 * overrides), so the chart never holds a copy of the thresholds. A pantry has none.
 */
export function safeBand(history: Pick<History, 'safeBand'>): SafeBand | null {
  const band = history.safeBand;
  return band === null ? null : { lowC: band.lowCelsius, highC: band.highCelsius };
}

/** "0–5 °C", "≤ -15 °C" for a freezer (no lower limit), or "32–41 °F" for a Fahrenheit reader. */
export function bandWords(band: SafeBand): string {
  const high = formatTemperatureFigure(band.highC);
  if (band.lowC === null) return `≤ ${high}`;
  const [low] = formatTemperatureFigure(band.lowC).split(' ');
  return `${low}–${high}`;
}

/** One bucket across every probe or shelf: the lowest min, highest max, count-weighted mean. */
export interface MergedBucket {
  startMs: number;
  min: number;
  mean: number;
  max: number;
}

export function mergeSeries(history: History): MergedBucket[] {
  const byStart = new Map<number, MergedBucket & { count: number }>();
  for (const series of history.series) {
    for (const b of series.buckets) {
      const startMs = Date.parse(b.start);
      if (!Number.isFinite(startMs)) continue;
      const seen = byStart.get(startMs);
      if (seen === undefined) {
        byStart.set(startMs, { startMs, min: b.min, mean: b.mean, max: b.max, count: b.count });
        continue;
      }
      const count = seen.count + b.count;
      seen.mean = count > 0 ? (seen.mean * seen.count + b.mean * b.count) / count : seen.mean;
      seen.count = count;
      seen.min = Math.min(seen.min, b.min);
      seen.max = Math.max(seen.max, b.max);
    }
  }
  return [...byStart.values()]
    .sort((a, b) => a.startMs - b.startMs)
    .map(({ startMs, min, mean, max }) => ({ startMs, min, mean, max }));
}

/** An excursion is a bucket whose highest reading was above the band (shaded on the chart). */
export const isExcursion = (bucket: MergedBucket, band: SafeBand | null): boolean =>
  band !== null && bucket.max > band.highC;

/** Runs of consecutive excursion buckets: one warm spell over three hours counts once. */
export function excursionRuns(
  buckets: readonly MergedBucket[],
  band: SafeBand | null,
  stepMs: number,
): number {
  let runs = 0;
  let previousEnd: number | null = null;
  for (const bucket of buckets) {
    if (!isExcursion(bucket, band)) continue;
    if (previousEnd !== bucket.startMs) runs++;
    previousEnd = bucket.startMs + stepMs;
  }
  return runs;
}

function hoursWords(ms: number): string {
  const hours = ms / HOUR_MS;
  const text = Number.isInteger(hours) ? String(hours) : oneDecimal(hours);
  return `${text} h`;
}

export function temperatureSummary(
  buckets: readonly MergedBucket[],
  band: SafeBand | null,
  stepMs: number,
  range: HistoryRange,
): string {
  const text = words();
  const rangeText = text.ranges[range];
  if (buckets.length === 0) return text.noTemperature(rangeText);
  const low = Math.min(...buckets.map((b) => b.min));
  const high = Math.max(...buckets.map((b) => b.max));
  const head = text.temperature(rangeText, formatCelsius(low), formatCelsius(high));
  if (band === null) return `${head}; ${text.noBand}`;
  const runs = excursionRuns(buckets, band, stepMs);
  if (runs === 0) return `${head}, ${text.withinBand(bandWords(band))}`;
  const shadedMs = buckets.filter((b) => isExcursion(b, band)).length * stepMs;
  return `${head}: ${text.excursions(runs, formatTemperatureFigure(band.highC), hoursWords(shadedMs))}`;
}

export function stockSummary(buckets: readonly MergedBucket[], range: HistoryRange): string {
  const text = words();
  const rangeText = text.ranges[range];
  const first = buckets[0];
  const last = buckets.at(-1);
  if (first === undefined || last === undefined) return text.noStock(rangeText);
  const low = Math.min(...buckets.map((b) => b.min));
  return text.stock(rangeText, formatKg(first.mean), formatKg(last.mean), formatKg(low));
}
