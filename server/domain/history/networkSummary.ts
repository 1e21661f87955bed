import type { NetworkSummary, SummaryFigures, SummaryStep } from '../../../contract/history';
import { utcOffsetMinutes } from '../utcOffset';
import { ROLLUP_STEP_MS } from './buckets';
import {
  type SummaryCoarseSteps,
  SummaryRoundings,
  type SummarySession,
  withRounding,
} from './summaryRounding';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface Period {
  startMs: number;
  endMs: number;
}

/** The longest summary: a funder's report is a year, and then some; 400 periods is past any chart. */
export const SUMMARY_LIMITS = Object.freeze({ maxRangeMs: 400 * DAY_MS, maxPeriods: 400 });

/** Local midnight starting the day, ISO week (Monday) or month that `ms` falls in, in `timeZone`. */
export function periodStart(ms: number, step: SummaryStep, timeZone: string): number {
  const offsetMs = utcOffsetMinutes(ms, timeZone) * 60_000;
  const local = new Date(ms + offsetMs);
  let startLocal: number;
  if (step === 'month') startLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1);
  else {
    startLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    if (step === 'week') startLocal -= ((local.getUTCDay() + 6) % 7) * DAY_MS;
  }
  // The offset at the period's own start (daylight saving may differ from `ms`'s).
  return startLocal - utcOffsetMinutes(startLocal - offsetMs, timeZone) * 60_000;
}

/** The next period's start: a local midnight found from a point safely inside the next period. */
function nextPeriodStart(startMs: number, step: SummaryStep, timeZone: string): number {
  const inside = step === 'day' ? 1.5 * DAY_MS : step === 'week' ? 7.5 * DAY_MS : 32 * DAY_MS;
  return periodStart(startMs + inside, step, timeZone);
}

/** Whole local periods covering [fromMs, toMs). */
export function summaryPeriods(fromMs: number, toMs: number, step: SummaryStep, timeZone: string): Period[] {
  const periods: Period[] = [];
  for (let start = periodStart(fromMs, step, timeZone); start < toMs; ) {
    const end = nextPeriodStart(start, step, timeZone);
    periods.push({ startMs: start, endMs: end });
    start = end;
    if (periods.length > SUMMARY_LIMITS.maxPeriods) break;
  }
  return periods;
}

export interface SummaryInput {
  periods: readonly Period[];
  fridges: ReadonlyArray<{ id: string; name: string }>;
  sessions: Iterable<SummarySession>;
  /** Per fridge, the starts of 15-minute buckets whose mean temperature was out of its safe band. */
  outOfBandBuckets: ReadonlyMap<string, readonly number[]>;
  /** A session adding at least this counts as a restock (restock.fulfilMinKg). */
  restockMinKg: number;
  timeZone: string;
  step: SummaryStep;
  /** Fridges with scales that round: their kg shared carries a ± (`summaryRounding.ts`). */
  coarseSteps?: SummaryCoarseSteps;
}

const zero = (): SummaryFigures => ({ kgShared: 0, visits: 0, restocks: 0, hoursOutOfSafeTemperature: 0 });

/** The figures a funder's report needs, per period and fridge, with totals. */
export function summarizeNetwork(input: SummaryInput): NetworkSummary {
  const { periods } = input;
  const first = periods[0]?.startMs ?? 0;
  const last = periods.at(-1)?.endMs ?? 0;
  const perPeriod = periods.map(() => new Map<string, SummaryFigures>());
  const indexOf = (ms: number) => periods.findIndex((p) => ms >= p.startMs && ms < p.endMs);
  const roundings = new SummaryRoundings(periods.length, input.coarseSteps ?? {});
  const figures = (index: number, fridgeId: string) => {
    const byFridge = perPeriod[index] as Map<string, SummaryFigures>;
    let found = byFridge.get(fridgeId);
    if (!found) {
      found = zero();
      byFridge.set(fridgeId, found);
    }
    return found;
  };
  for (const s of input.sessions) {
    if (s.openedAtMs < first || s.openedAtMs >= last) continue;
    const index = indexOf(s.openedAtMs);
    const f = figures(index, s.fridgeId);
    roundings.add(index, s);
    f.visits += 1;
    f.kgShared += s.takenKg;
    if (s.addedKg >= input.restockMinKg) f.restocks += 1;
  }
  for (const [fridgeId, starts] of input.outOfBandBuckets)
    for (const startMs of starts) {
      if (startMs < first || startMs >= last) continue;
      figures(indexOf(startMs), fridgeId).hoursOutOfSafeTemperature += ROLLUP_STEP_MS / HOUR_MS;
    }

  const names = new Map(input.fridges.map((f) => [f.id, f.name]));
  const fridgeTotals = new Map<string, SummaryFigures>(input.fridges.map((f) => [f.id, zero()]));
  const total = zero();
  const answerPeriods = periods.map((p, i) => {
    const periodTotal = zero();
    const fridges: Record<string, SummaryFigures> = {};
    for (const fridge of input.fridges) {
      const f = perPeriod[i]?.get(fridge.id) ?? zero();
      fridges[fridge.id] = withRounding(rounded(f), roundings.fridgeInPeriod(i, fridge.id));
      for (const into of [periodTotal, total, fridgeTotals.get(fridge.id) ?? zero()]) add(into, f);
    }
    const periodFigures = withRounding(rounded(periodTotal), roundings.period(i));
    return { start: iso(p.startMs), end: iso(p.endMs), total: periodFigures, fridges };
  });
  return {
    from: iso(first),
    to: iso(last),
    step: input.step,
    timeZone: input.timeZone,
    periods: answerPeriods,
    total: withRounding(rounded(total), roundings.total()),
    fridges: Object.fromEntries(
      [...fridgeTotals].map(([id, t]) => [
        id,
        { name: names.get(id) ?? id, total: withRounding(rounded(t), roundings.fridgeTotal(id)) },
      ]),
    ),
  };
}

function add(into: SummaryFigures, f: SummaryFigures): void {
  into.kgShared += f.kgShared;
  into.visits += f.visits;
  into.restocks += f.restocks;
  into.hoursOutOfSafeTemperature += f.hoursOutOfSafeTemperature;
}

const rounded = (f: SummaryFigures): SummaryFigures => ({
  kgShared: Math.round(f.kgShared * 1000) / 1000,
  visits: f.visits,
  restocks: f.restocks,
  hoursOutOfSafeTemperature: Math.round(f.hoursOutOfSafeTemperature * 100) / 100,
});
const iso = (ms: number) => new Date(ms).toISOString();

/** The summary as CSV (RFC 4180): one row per period and fridge, then the period's total as `*`. */
export function summaryCsv(summary: NetworkSummary): string {
  const header =
    'period_start,period_end,fridge_id,fridge_name,kg_shared,visits,restocks,hours_out_of_safe_temperature';
  const field = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const row = (p: { start: string; end: string }, id: string, name: string, f: SummaryFigures) =>
    [p.start, p.end, id, name, f.kgShared, f.visits, f.restocks, f.hoursOutOfSafeTemperature]
      .map(field)
      .join(',');
  const lines = [header];
  for (const p of summary.periods) {
    for (const [id, f] of Object.entries(p.fridges))
      lines.push(row(p, id, summary.fridges[id]?.name ?? id, f));
    lines.push(row(p, '*', 'all fridges', p.total));
  }
  return `${lines.join('\r\n')}\r\n`;
}
