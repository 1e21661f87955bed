import type { EstimatorConfig, EstimatorState } from '../domain/estimation';
import { coarseStepsOf, forecastEmpty, getStockEstimate, summarizeActivity } from '../domain/estimation';
import { idRecord, withId } from '../domain/idRecord';
import { utcOffsetMinutes } from '../domain/utcOffset';
import type { StoredSession } from '../storage/sessionStore';
import type { EstimateView } from './fridgeCatalog';

/** Sessions kept in memory for the forecast's time-of-day profile and the week's activity. */
export const SESSION_MEMORY_MS = 14 * 86_400_000;

/** Each fridge's door sessions of the last `SESSION_MEMORY_MS`, for the forecast and the activity. */
export class RecentSessions {
  private readonly byFridge = new Map<string, StoredSession[]>();

  of(fridgeId: string): StoredSession[] {
    return this.byFridge.get(fridgeId) ?? [];
  }

  all(): StoredSession[] {
    return [...this.byFridge.values()].flat();
  }

  /** Adds a session (replacing one opened at the same instant) and drops those past the memory. */
  remember(session: StoredSession): void {
    const list = this.byFridge.get(session.fridgeId) ?? [];
    const horizonMs = session.openedAt - SESSION_MEMORY_MS;
    const kept = list.filter((s) => s.openedAt >= horizonMs && s.openedAt !== session.openedAt);
    kept.push(session);
    this.byFridge.set(session.fridgeId, kept);
  }

  forget(fridgeId: string): void {
    this.byFridge.delete(fridgeId);
  }

  clear(): void {
    this.byFridge.clear();
  }
}

/** The estimator's figures for a fridge's status: the estimate, the forecast and the activity. */
export function describeEstimate(
  fridgeId: string,
  state: EstimatorState,
  sessions: readonly StoredSession[],
  nowMs: number,
  config: EstimatorConfig,
  timeZone: string,
): EstimateView {
  const estimate = getStockEstimate(state, config);
  const offset = utcOffsetMinutes(nowMs, timeZone);
  const forecast =
    estimate.kg === null
      ? null
      : forecastEmpty(
          {
            sessions,
            stockKg: estimate.kg,
            capacityKg: estimate.capacityKg,
            nowMs,
            utcOffsetMinutes: offset,
          },
          config,
        );
  const coarse = withId(idRecord<Record<string, number>>(), fridgeId, coarseStepsOf(state));
  const activity = summarizeActivity(sessions, nowMs, offset, coarse).fridges[fridgeId] ?? {
    today: { visits: 0, takenKg: 0, addedKg: 0 },
    week: { visits: 0, takenKg: 0, addedKg: 0 },
  };
  return { estimate, forecast, activity, coarseSteps: coarse[fridgeId] };
}
