import type { Activity, FridgeStatus, ShelfStatus } from '../../contract/api';
import type { DoorSession, StockPoint } from '../../contract/estimates';
import type { SummaryFigures } from '../../contract/history';
import { dateTimeFormat } from './date-formats';
import { formatKg, weightInUnit, weightUnitSymbol } from './format';
import { intlLocale, msg } from './locale';

/**
 * Words for the stock estimator's figures: meals, the ± band, the "likely empty" forecast, doubtful
 * shelf sensors, visits and the network's impact. Pure: the clock, locale and time zone are passed in.
 */

/** The shapes these words are about, from the contract. */
export type { DoorSession, StockPoint };

export type ActivityTotals = Activity['today'];

/** The reader's locale and time zone unless a test fixes them. */
export interface TimeOptions {
  locale?: string;
  timeZone?: string;
}

/**
 * Below this the server's forecast is a guess from too few visits; saying nothing is kinder than a
 * time neighbours would plan around and find wrong.
 */
export const MIN_FORECAST_CONFIDENCE = 0.3;

/** "about 12 meals", "about 1 meal", "less than a meal"; null before the first estimate. */
export function mealsWords(meals: number | null): string | null {
  if (meals === null || !Number.isFinite(meals)) return null;
  return msg().meals(Math.max(0, Math.floor(meals)));
}

/** "± 0.3 kg"; null while the estimator has not settled. Never "± 0 kg": the band is at least 0.1. */
export function uncertaintyWords(uncertaintyKg: number | null): string | null {
  if (uncertaintyKg === null || !Number.isFinite(uncertaintyKg)) return null;
  const tenths = Math.max(1, Math.ceil(Math.abs(weightInUnit(uncertaintyKg)) * 10 - 1e-9));
  return `± ${(tenths / 10).toFixed(1)} ${weightUnitSymbol()}`;
}

/** "18:30" in the reader's time zone. */
export function clockTime(ms: number, options: TimeOptions = {}): string {
  return dateTimeFormat(options.locale ?? intlLocale(), {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: options.timeZone,
  }).format(ms);
}

const DAY_MS = 86_400_000;

/** Whole calendar days from `fromMs` to `toMs` in the given time zone (0 = the same day). */
export function calendarDaysBetween(fromMs: number, toMs: number, timeZone?: string): number {
  const day = dateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  });
  return Math.round((Date.parse(day.format(toMs)) - Date.parse(day.format(fromMs))) / DAY_MS);
}

/**
 * "Likely empty around 18:30", "Likely empty tomorrow around 09:00", "Likely empty on Tuesday around
 * 09:00"; null when there is no forecast or it is not confident enough to show.
 */
export function forecastWords(
  forecast: FridgeStatus['forecast'],
  nowMs: number,
  options: TimeOptions = {},
): string | null {
  if (forecast === null || !(forecast.confidence >= MIN_FORECAST_CONFIDENCE)) return null;
  const emptyMs = Date.parse(forecast.emptyAt);
  if (Number.isNaN(emptyMs)) return null;
  const words = msg().forecast;
  if (emptyMs <= nowMs) return words.already;
  const time = clockTime(emptyMs, options);
  const days = calendarDaysBetween(nowMs, emptyMs, options.timeZone);
  if (days <= 0) return words.today(time);
  if (days === 1) return words.tomorrow(time);
  const weekday = dateTimeFormat(options.locale ?? intlLocale(), {
    weekday: 'long',
    ...(days >= 7 ? { day: 'numeric', month: 'short' } : {}),
    timeZone: options.timeZone,
  }).format(emptyMs);
  return words.onDay(weekday, time);
}

/** "Shelf top sensor: stuck — showing last good estimate"; null when the sensor is trusted. */
export function shelfDoubtWords(shelf: Pick<ShelfStatus, 'id' | 'doubtful' | 'doubtReason'>): string | null {
  if (!shelf.doubtful) return null;
  const words = msg().shelves;
  return words.doubt(shelf.id, words.doubtReasons[shelf.doubtReason ?? 'unknown']);
}

export const sensorAttentionWords = (): string => msg().sensorAttention;

/** "14 visits · 9.5 kg shared today", with "· 6 kg brought in" when food was added. */
export function activityWords(totals: ActivityTotals, period: 'today' | 'this week'): string {
  const words = msg().visits;
  const rounding = totals.rounding;
  const parts = [
    words.count(totals.visits),
    words.shared(roughKg(Math.max(0, totals.takenKg), rounding?.takenKg, rounding?.scaleStepKg)),
  ];
  if (totals.addedKg > 0)
    parts.push(words.broughtIn(roughKg(totals.addedKg, rounding?.addedKg, rounding?.scaleStepKg)));
  return (period === 'today' ? words.today : words.thisWeek)(parts.join(' · '));
}

/**
 * A total from scales that round, with its ±: "about 45 kg (± 3 kg: whole-kilogram scales)";
 * without a ± (fine scales, or nothing the rounding could put off), the figure alone.
 */
export function roughKg(kg: number, plusMinusKg?: number, scaleStepKg?: number): string {
  if (plusMinusKg === undefined || scaleStepKg === undefined || plusMinusKg <= 0) return formatKg(kg);
  const words = msg().visits;
  const why = scaleStepKg >= 1 ? words.wholeKgScales : words.roundingScales(formatKg(scaleStepKg));
  return words.about(formatKg(kg), formatKg(plusMinusKg), why);
}

/** A network-summary cell: "120 kg", or "about 120 kg (± 6 kg: whole-kilogram scales)". */
export function summaryKgWords(figures: Pick<SummaryFigures, 'kgShared' | 'rounding'>): string {
  return roughKg(Math.max(0, figures.kgShared), figures.rounding?.kgShared, figures.rounding?.scaleStepKg);
}

/** The network's impact over the list: "38.5 kg of food shared this week". */
export function impactWords(week: ActivityTotals): string {
  const rounding = week.rounding;
  return msg().list.impact(roughKg(Math.max(0, week.takenKg), rounding?.takenKg, rounding?.scaleStepKg));
}

/**
 * What a session did to the fridge, from its net: "took 3 kg", "added 5 kg", "moved food between
 * shelves" (a transfer: neither), "no change".
 */
export function sessionChangeWords(session: Pick<DoorSession, 'takenKg' | 'addedKg' | 'shelves'>): string {
  const words = msg().visits;
  const parts: string[] = [];
  if (session.takenKg > 0) parts.push(words.took(formatKg(session.takenKg)));
  if (session.addedKg > 0) parts.push(words.added(formatKg(session.addedKg)));
  if (parts.length > 0) return parts.join(', ');
  return session.shelves.length > 0 ? words.moved : words.noChange;
}

const signedKg = (kg: number): string => `${kg < 0 ? '−' : '+'}${formatKg(Math.abs(kg))}`;

/** The moves shelf by shelf, "top −1 kg, bottom +0.8 kg", when more than one shelf changed; else null. */
export function sessionMovesWords(session: Pick<DoorSession, 'shelves'>): string | null {
  if (session.shelves.length < 2) return null;
  return session.shelves.map((move) => `${move.shelfId} ${signedKg(move.deltaKg)}`).join(', ');
}

/** The newest `count` sessions first. */
export function latestSessions(sessions: readonly DoorSession[], count: number): DoorSession[] {
  return [...sessions]
    .sort((a, b) => Date.parse(b.closedAt) - Date.parse(a.closedAt))
    .slice(0, Math.max(0, count));
}

/** uPlot's columns: times in seconds, then kg; points in time order, unreadable times dropped. */
export function chartColumns(points: readonly StockPoint[]): [number[], number[]] {
  const readable = points
    .map((p) => ({ s: Date.parse(p.at) / 1000, kg: p.kg }))
    .filter((p) => Number.isFinite(p.s) && Number.isFinite(p.kg))
    .sort((a, b) => a.s - b.s);
  return [readable.map((p) => p.s), readable.map((p) => p.kg)];
}

/**
 * The chart in one sentence, for screen readers and for anyone the chart does not load for:
 * "Over the last 24 hours the stock went from 10 kg to 7 kg; lowest 6 kg at 14:05."
 */
export function stockHistorySummary(points: readonly StockPoint[], options: TimeOptions = {}): string {
  const [times, kgs] = chartColumns(points);
  const first = kgs[0];
  const last = kgs.at(-1);
  const words = msg().history;
  if (first === undefined || last === undefined) return words.noStockDay;
  let lowest = 0;
  kgs.forEach((kg, i) => {
    if (kg < (kgs[lowest] ?? Number.POSITIVE_INFINITY)) lowest = i;
  });
  const lowestAt = clockTime((times[lowest] ?? 0) * 1000, options);
  return words.stockDay(formatKg(first), formatKg(last), formatKg(kgs[lowest] ?? last), lowestAt);
}
