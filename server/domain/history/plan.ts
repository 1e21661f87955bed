import { bucketStartOf, MINUTE_MS, ROLLUP_STEP_MS } from './buckets';

const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The steps a history query may ask for; every one from 15 min up is a whole number of rollups. */
export const HISTORY_STEPS = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': ROLLUP_STEP_MS,
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '1d': DAY_MS,
} as const;
export type HistoryStep = keyof typeof HISTORY_STEPS;
export const HISTORY_STEP_NAMES = Object.keys(HISTORY_STEPS) as HistoryStep[];

/**
 * Limits that bound every query's work: a 2,000-bucket answer is more points than a phone chart
 * has pixels across, and 2 years is how long rollups are kept by default.
 */
export const HISTORY_LIMITS = Object.freeze({
  maxBuckets: 2000,
  maxRangeMs: 731 * DAY_MS,
  /** The step chosen when none is asked for gives at most this many buckets. */
  autoBuckets: 500,
  defaultRangeMs: DAY_MS,
});

export type HistorySource = 'raw' | 'rollup' | 'mixed';

export interface HistoryPlan {
  fromMs: number;
  toMs: number;
  step: HistoryStep;
  stepMs: number;
  source: HistorySource;
  /** Raw readings are complete from here on; before it, only rollups remain. */
  rawFromMs: number;
}

export type PlanResult = { ok: true; plan: HistoryPlan } | { ok: false; field: string; message: string };

/**
 * Which store answers a query and at what step: raw readings for the part after `rawFromMs`,
 * rollups before it. The range is widened to whole buckets. Refuses, naming the limit, a range
 * or a step that would make the answer unbounded or finer than the data kept.
 */
export function planHistory(input: {
  fromMs: number;
  toMs: number;
  step: HistoryStep | null;
  rawFromMs: number;
}): PlanResult {
  const { rawFromMs } = input;
  if (input.fromMs >= input.toMs) return { ok: false, field: 'from', message: 'must be before `to`' };
  if (input.toMs - input.fromMs > HISTORY_LIMITS.maxRangeMs)
    return {
      ok: false,
      field: 'from',
      message: `the range is at most ${HISTORY_LIMITS.maxRangeMs / DAY_MS} days (the rollups' default retention)`,
    };
  const touchesRollups = input.fromMs < rawFromMs;
  const step = input.step ?? autoStep(input.toMs - input.fromMs, touchesRollups);
  const stepMs = HISTORY_STEPS[step];
  if (touchesRollups && stepMs < ROLLUP_STEP_MS)
    return {
      ok: false,
      field: 'step',
      message:
        `readings before ${new Date(rawFromMs).toISOString()} are kept as 15-minute rollups only: ` +
        'use step=15m or coarser for this range',
    };
  const fromMs = bucketStartOf(input.fromMs, stepMs);
  const toMs = bucketStartOf(input.toMs + stepMs - 1, stepMs);
  const buckets = (toMs - fromMs) / stepMs;
  if (buckets > HISTORY_LIMITS.maxBuckets)
    return {
      ok: false,
      field: 'step',
      message:
        `${buckets} buckets of ${step}: the limit is ${HISTORY_LIMITS.maxBuckets} buckets per query ` +
        '(range ÷ step); ask for a coarser step or a shorter range',
    };
  const source: HistorySource = !touchesRollups ? 'raw' : toMs <= rawFromMs ? 'rollup' : 'mixed';
  return { ok: true, plan: { fromMs, toMs, step, stepMs, source, rawFromMs } };
}

/** The finest step that keeps the answer within `autoBuckets` (and no finer than the rollups). */
function autoStep(rangeMs: number, touchesRollups: boolean): HistoryStep {
  for (const step of HISTORY_STEP_NAMES) {
    const stepMs = HISTORY_STEPS[step];
    if (touchesRollups && stepMs < ROLLUP_STEP_MS) continue;
    if (rangeMs / stepMs <= HISTORY_LIMITS.autoBuckets) return step;
  }
  return '1d';
}
