import { roundTo } from '../stock';
import type { SessionSummary } from './activity';
import type { EstimatorConfig } from './config';
import { localHourOfDay, MS_PER_DAY, MS_PER_HOUR, startOfLocalDay } from './localTime';
import { clamp } from './robust';

export interface Forecast {
  /** Epoch ms at which the stock is expected to fall below the `empty` level. */
  emptyAt: number;
  /** 0..1: more history, steadier days and a nearer date give more. */
  confidence: number;
}

export interface ForecastInput {
  /** The fridge's past sessions (any order); only their time, takes and additions matter. */
  sessions: readonly SessionSummary[];
  stockKg: number;
  capacityKg: number;
  nowMs: number;
  /** Local time of the fridge, minutes east of UTC: the profile is by local hour. */
  utcOffsetMinutes: number;
}

const HOURS = 24;
/** Integration step of the forecast; the profile is hourly, so finer buys nothing. */
const STEP_MS = 5 * 60_000;
/** An hour of day observed for less than this in all leans on the day's mean rate. */
const PRIOR_HOURS = 1;
/** Today's pace may differ from the profile, but not beyond this factor either way. */
const MAX_PACE_FACTOR = 4;

const hourIndex = (atMs: number, utcOffsetMinutes: number) =>
  Math.min(HOURS - 1, Math.floor(localHourOfDay(atMs, utcOffsetMinutes)));

/**
 * Spreads the interval [fromMs, toMs) over the local hours of day it covers, in hours.
 * Used for exposure: hours in which the fridge had food that could be taken.
 */
function addExposure(exposureH: number[], fromMs: number, toMs: number, utcOffsetMinutes: number): void {
  let t = fromMs;
  while (t < toMs) {
    const hourEnd = t - (localHourOfDay(t, utcOffsetMinutes) % 1) * MS_PER_HOUR + MS_PER_HOUR;
    const end = Math.min(toMs, hourEnd);
    const h = hourIndex(t, utcOffsetMinutes);
    exposureH[h] = (exposureH[h] ?? 0) + (end - t) / MS_PER_HOUR;
    t = end;
  }
}

/** The stock between two sessions, traced back from the current stock. */
interface StockInterval {
  fromMs: number;
  toMs: number;
  stockKg: number;
}

/**
 * Walks back from now through the sessions: between two sessions the stock stands still, and
 * before each one it was what it is after it, plus what was taken, minus what was added.
 */
function traceStock(
  history: readonly SessionSummary[],
  input: ForecastInput,
  windowStartMs: number,
): StockInterval[] {
  const intervals: StockInterval[] = [];
  let stockKg = input.stockKg;
  let toMs = input.nowMs;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const session = history[i] as SessionSummary;
    intervals.push({ fromMs: session.openedAt, toMs, stockKg });
    stockKg = Math.max(0, stockKg + session.takenKg - session.addedKg);
    toMs = session.openedAt;
  }
  if (windowStartMs < toMs) intervals.push({ fromMs: windowStartMs, toMs, stockKg });
  return intervals.reverse();
}

interface Profile {
  /** Expected outflow per hour (takes less small donations), by local hour, while there is food. */
  kgPerHour: number[];
  meanKgPerHour: number;
  spanMs: number;
  takeSessions: number;
  /** Coefficient of variation of the daily outflows (0 for a single day). */
  dailyVariation: number;
}

/**
 * Learns how much is taken in each hour of the day, per hour the fridge had food: hours when it
 * stood empty count as unobserved rather than as hours nobody wanted food (an empty fridge hides
 * demand). An hour observed for less than an hour in all leans on the day's mean rate.
 */
function learnProfile(
  history: readonly SessionSummary[],
  stock: readonly StockInterval[],
  input: ForecastInput,
  emptyKg: number,
  windowStartMs: number,
  restockMinKg: number,
): Profile {
  const { nowMs, utcOffsetMinutes } = input;
  const takenKg = new Array<number>(HOURS).fill(0);
  const exposureH = new Array<number>(HOURS).fill(0);
  const dailyTaken = new Map<number, number>();
  for (const interval of stock) {
    if (interval.stockKg > emptyKg) addExposure(exposureH, interval.fromMs, interval.toMs, utcOffsetMinutes);
  }
  for (const session of history) {
    const h = hourIndex(session.openedAt, utcOffsetMinutes);
    const kg = outflowKg(session, restockMinKg);
    takenKg[h] = (takenKg[h] ?? 0) + kg;
    const day = startOfLocalDay(session.openedAt, utcOffsetMinutes);
    dailyTaken.set(day, (dailyTaken.get(day) ?? 0) + kg);
  }
  const totalTaken = takenKg.reduce((s, v) => s + v, 0);
  const totalExposure = exposureH.reduce((s, v) => s + v, 0);
  const meanKgPerHour = totalExposure > 0 ? totalTaken / totalExposure : 0;
  const kgPerHour = takenKg.map((kg, h) => {
    const exposure = exposureH[h] ?? 0;
    return (kg + Math.max(0, PRIOR_HOURS - exposure) * meanKgPerHour) / Math.max(PRIOR_HOURS, exposure);
  });
  // Whole days only: today is still running.
  const today = startOfLocalDay(nowMs, utcOffsetMinutes);
  const days = [...dailyTaken.entries()].filter(([day]) => day < today).map(([, kg]) => kg);
  let dailyVariation = 0;
  if (days.length >= 2) {
    const mean = days.reduce((s, v) => s + v, 0) / days.length;
    const variance = days.reduce((s, v) => s + (v - mean) ** 2, 0) / (days.length - 1);
    dailyVariation = mean > 0 ? Math.sqrt(variance) / mean : 1;
  }
  return {
    kgPerHour,
    meanKgPerHour,
    spanMs: nowMs - windowStartMs,
    takeSessions: history.filter((s) => s.takenKg > 0).length,
    dailyVariation,
  };
}

/**
 * What a session moved out of the fridge: takes, less what neighbours left. A volunteer's restock
 * (`restockMinKg` or more) is not part of the everyday flow: the forecast is "empty unless restocked".
 */
function outflowKg(session: SessionSummary, restockMinKg: number): number {
  return session.takenKg - (session.addedKg < restockMinKg ? session.addedKg : 0);
}

/** Outflow the profile expects over [fromMs, toMs), counting only time the fridge had food. */
function expectedOutflowKg(
  profile: Profile,
  stock: readonly StockInterval[],
  emptyKg: number,
  fromMs: number,
  toMs: number,
  utcOffsetMinutes: number,
): number {
  let kg = 0;
  for (const interval of stock) {
    if (interval.stockKg <= emptyKg) continue;
    const start = Math.max(fromMs, interval.fromMs);
    const end = Math.min(toMs, interval.toMs);
    for (let t = start; t < end; t += STEP_MS) {
      const dt = Math.min(STEP_MS, end - t);
      kg += ((profile.kgPerHour[hourIndex(t, utcOffsetMinutes)] ?? 0) * dt) / MS_PER_HOUR;
    }
  }
  return kg;
}

/**
 * Today's pace against the profile, from the outflow of the last `recentWindowMs`. A handful of
 * visits says little (one big take, two donations), so the observed ratio counts in proportion to
 * the sessions behind it: half after `paceSessions`.
 */
function paceFactor(
  profile: Profile,
  history: readonly SessionSummary[],
  stock: readonly StockInterval[],
  emptyKg: number,
  input: ForecastInput,
  options: EstimatorConfig['forecast'],
): number {
  const fromMs = input.nowMs - options.recentWindowMs;
  const recent = history.filter((s) => s.openedAt >= fromMs);
  const actual = recent.reduce((sum, s) => sum + outflowKg(s, options.restockMinKg), 0);
  const expected = expectedOutflowKg(profile, stock, emptyKg, fromMs, input.nowMs, input.utcOffsetMinutes);
  if (expected <= 0) return 1;
  const weight = recent.length / (recent.length + options.paceSessions);
  return clamp(1 + (actual / expected - 1) * weight, 1 / MAX_PACE_FACTOR, MAX_PACE_FACTOR);
}

/**
 * When will the fridge be empty? Integrates the learned hourly take rate, scaled to today's
 * pace, from the current stock down to the `empty` level. Restocks are not forecast (they
 * depend on volunteers), so this is "empty unless someone restocks". Null with too little
 * history, or when the fridge would not empty within `forecast.horizonMs`.
 */
export function forecastEmpty(input: ForecastInput, config: EstimatorConfig): Forecast | null {
  const options = config.forecast;
  const emptyKg = (input.capacityKg * config.levels.emptyBelowPercent) / 100;
  const { nowMs, utcOffsetMinutes } = input;
  if (input.stockKg <= emptyKg) return { emptyAt: nowMs, confidence: 1 };
  const windowStartMs = nowMs - options.historyDays * MS_PER_DAY;
  const history = input.sessions
    .filter((s) => s.openedAt >= windowStartMs && s.openedAt <= nowMs)
    .sort((a, b) => a.openedAt - b.openedAt);
  const first = history[0];
  if (!first || nowMs - first.openedAt < options.minHistoryMs) return null;
  const historyStartMs = Math.max(windowStartMs, first.openedAt);
  const stock = traceStock(history, input, historyStartMs);
  const profile = learnProfile(history, stock, input, emptyKg, historyStartMs, options.restockMinKg);
  if (profile.takeSessions < options.minSessions || profile.meanKgPerHour <= 0) return null;
  const pace = paceFactor(profile, history, stock, emptyKg, input, options);

  let remainingKg = input.stockKg - emptyKg;
  let emptyAt: number | null = null;
  for (let t = nowMs; t < nowMs + options.horizonMs; t += STEP_MS) {
    const kgPerMs = (pace * (profile.kgPerHour[hourIndex(t, utcOffsetMinutes)] ?? 0)) / MS_PER_HOUR;
    const stepKg = kgPerMs * STEP_MS;
    if (stepKg >= remainingKg) {
      emptyAt = Math.round(t + remainingKg / kgPerMs);
      break;
    }
    remainingKg -= stepKg;
  }
  if (emptyAt === null) return null;

  const coverage = Math.min(1, profile.spanMs / (options.historyDays * MS_PER_DAY));
  const volume = Math.min(1, profile.takeSessions / (3 * options.minSessions));
  const regularity = 1 / (1 + profile.dailyVariation);
  const nearness = Math.exp(-(emptyAt - nowMs) / MS_PER_DAY);
  return { emptyAt, confidence: roundTo(coverage * volume * regularity * nearness, 2) };
}
