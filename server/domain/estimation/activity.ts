import { idRecord } from '../idRecord';
import { roundTo } from '../stock';
import { type RoundingVariance, roundingVariance, twoSigmaKg } from './activityRounding';
import { startOfLocalDay, startOfLocalWeek } from './localTime';
import type { DoorSessionEffect } from './types';

/**
 * What the activity and forecast functions need of a stored session; its moves (`shelves`) tell
 * which shelves a coarse scale's rounding touched.
 */
export type SessionSummary = Pick<DoorSessionEffect, 'fridgeId' | 'openedAt' | 'takenKg' | 'addedKg'> & {
  shelves?: DoorSessionEffect['shelves'];
  /** A step session (no door sensor) may be two visits in one (`activityRounding.ts`). */
  source?: DoorSessionEffect['source'];
};

/** ± kg on a total from scales that round (`activityRounding.ts`), and the coarsest step behind it. */
export interface ActivityRounding {
  takenKg: number;
  addedKg: number;
  scaleStepKg: number;
}

export interface ActivityTotals {
  visits: number;
  takenKg: number;
  addedKg: number;
  /** Present when some shelf rounds to 100 g or more (a whole-kilogram scale). */
  rounding?: ActivityRounding;
}

/** Per fridge, its coarse shelves' steps (shelf id → kg); fridges without one are left out. */
export type CoarseSteps = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface ActivityPeriods {
  /** Since local midnight. */
  today: ActivityTotals;
  /** Since local Monday midnight (ISO 8601 weeks). */
  week: ActivityTotals;
}

export interface ActivitySummary {
  fridges: Record<string, ActivityPeriods>;
  /** All fridges together. */
  network: ActivityPeriods;
}

const zero = (): ActivityTotals => ({ visits: 0, takenKg: 0, addedKg: 0 });
const emptyPeriods = (): ActivityPeriods => ({ today: zero(), week: zero() });

function add(totals: ActivityTotals, session: SessionSummary): void {
  totals.visits += 1;
  totals.takenKg += session.takenKg;
  totals.addedKg += session.addedKg;
}

interface PeriodRounding {
  today: RoundingVariance;
  week: RoundingVariance;
  scaleStepKg: number;
}

function rounded(periods: ActivityPeriods, rounding: PeriodRounding | null): ActivityPeriods {
  const round = (t: ActivityTotals, variance: RoundingVariance | undefined): ActivityTotals => ({
    visits: t.visits,
    takenKg: roundTo(t.takenKg, 3),
    addedKg: roundTo(t.addedKg, 3),
    ...(rounding && variance
      ? {
          rounding: {
            takenKg: twoSigmaKg(variance.takenKg2),
            addedKg: twoSigmaKg(variance.addedKg2),
            scaleStepKg: rounding.scaleStepKg,
          },
        }
      : {}),
  });
  return { today: round(periods.today, rounding?.today), week: round(periods.week, rounding?.week) };
}

/** The rounding variance of each period of one fridge's sessions this week. */
function fridgeRounding(
  sessions: readonly SessionSummary[],
  dayStart: number,
  steps: Readonly<Record<string, number>>,
): PeriodRounding {
  return {
    today: roundingVariance(
      sessions.filter((s) => s.openedAt >= dayStart),
      steps,
    ),
    week: roundingVariance(sessions, steps),
    scaleStepKg: Math.max(...Object.values(steps)),
  };
}

const sumVariance = (a: RoundingVariance, b: RoundingVariance): RoundingVariance => ({
  takenKg2: a.takenKg2 + b.takenKg2,
  addedKg2: a.addedKg2 + b.addedKg2,
});

/**
 * Visits and food moved today and this week, per fridge and for the whole network. A session
 * belongs to the day its door opened. `utcOffsetMinutes` is east of UTC (+60 for CET). A fridge
 * with coarse shelves (`coarseSteps`) gets a ± on its totals, and the network the fridges' ±
 * added in quadrature (their roundings are independent).
 */
export function summarizeActivity(
  sessions: readonly SessionSummary[],
  nowMs: number,
  utcOffsetMinutes: number,
  coarseSteps: CoarseSteps = {},
): ActivitySummary {
  const dayStart = startOfLocalDay(nowMs, utcOffsetMinutes);
  const weekStart = startOfLocalWeek(nowMs, utcOffsetMinutes);
  // Keyed by fridge ids: `IdRecord`s (`../idRecord.ts`), asked per fridge at every status.
  const fridges = idRecord<ActivityPeriods>();
  const network = emptyPeriods();
  const byFridge = new Map<string, SessionSummary[]>();
  for (const session of sessions) {
    if (session.openedAt > nowMs || session.openedAt < weekStart) continue;
    byFridge.set(session.fridgeId, [...(byFridge.get(session.fridgeId) ?? []), session]);
    let fridge = fridges[session.fridgeId];
    if (!fridge) {
      fridge = emptyPeriods();
      fridges[session.fridgeId] = fridge;
    }
    add(fridge.week, session);
    add(network.week, session);
    if (session.openedAt >= dayStart) {
      add(fridge.today, session);
      add(network.today, session);
    }
  }
  const roundings = idRecord<PeriodRounding>();
  let networkRounding: PeriodRounding | null = null;
  for (const [fridgeId, steps] of Object.entries(coarseSteps)) {
    if (Object.keys(steps).length === 0) continue;
    const r = fridgeRounding(byFridge.get(fridgeId) ?? [], dayStart, steps);
    roundings[fridgeId] = r;
    networkRounding = networkRounding
      ? {
          today: sumVariance(networkRounding.today, r.today),
          week: sumVariance(networkRounding.week, r.week),
          scaleStepKg: Math.max(networkRounding.scaleStepKg, r.scaleStepKg),
        }
      : r;
  }
  const summaries = idRecord<ReturnType<typeof rounded>>();
  for (const id of Object.keys(fridges))
    summaries[id] = rounded(fridges[id] as ActivityPeriods, roundings[id] ?? null);
  return { fridges: summaries, network: rounded(network, networkRounding) };
}
