import { roundTo } from '../stock';
import { startOfLocalDay, startOfLocalWeek } from './localTime';
import type { DoorSessionEffect } from './types';

/** What the activity and forecast functions need of a stored session. */
export type SessionSummary = Pick<DoorSessionEffect, 'fridgeId' | 'openedAt' | 'takenKg' | 'addedKg'>;

export interface ActivityTotals {
  visits: number;
  takenKg: number;
  addedKg: number;
}

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

function rounded(periods: ActivityPeriods): ActivityPeriods {
  const round = (t: ActivityTotals) => ({
    visits: t.visits,
    takenKg: roundTo(t.takenKg, 3),
    addedKg: roundTo(t.addedKg, 3),
  });
  return { today: round(periods.today), week: round(periods.week) };
}

/**
 * Visits and food moved today and this week, per fridge and for the whole network. A session
 * belongs to the day its door opened. `utcOffsetMinutes` is east of UTC (+60 for CET).
 */
export function summarizeActivity(
  sessions: readonly SessionSummary[],
  nowMs: number,
  utcOffsetMinutes: number,
): ActivitySummary {
  const dayStart = startOfLocalDay(nowMs, utcOffsetMinutes);
  const weekStart = startOfLocalWeek(nowMs, utcOffsetMinutes);
  const fridges: Record<string, ActivityPeriods> = {};
  const network = emptyPeriods();
  for (const session of sessions) {
    if (session.openedAt > nowMs || session.openedAt < weekStart) continue;
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
  return {
    fridges: Object.fromEntries(Object.entries(fridges).map(([id, p]) => [id, rounded(p)])),
    network: rounded(network),
  };
}
