import type { ActiveAlertsMessage, AlertView } from '../../../contract/alerts';
import { isoTime } from '../../clock';
import { type AlertProfile, type FridgeAlertSettings, thresholdsOf } from '../../domain/alerts/config';
import { type Alert, alertDurationMs, type FridgeAlertState } from '../../domain/alerts/types';
import { alertSummary, temperatureVerdict } from '../../domain/alerts/words';
import type { TemperatureJudge } from '../fridgeCatalog';

const iso = (ms: number) => new Date(ms).toISOString();

/** An alert as the API, the dashboard and `fridges/{id}/alerts` show it. */
export function alertView(alert: Alert, fridgeName: string, profile: AlertProfile, nowMs: number): AlertView {
  const { details } = alert;
  const viewDetails: AlertView['details'] = {};
  if (details.steadyRise !== undefined) viewDetails.steadyRise = details.steadyRise;
  if (details.warmTotalMs !== undefined)
    viewDetails.warmTotalMinutes = Math.floor(details.warmTotalMs / 60_000);
  if (details.deviceIds !== undefined) viewDetails.deviceIds = details.deviceIds;
  if (details.offline !== undefined) viewDetails.offline = details.offline;
  if (details.battery !== undefined) viewDetails.battery = details.battery;
  if (details.shelves !== undefined) viewDetails.shelves = details.shelves;
  return {
    id: alert.id,
    fridgeId: alert.fridgeId,
    fridgeName,
    type: alert.type,
    category: alert.category,
    severity: alert.severity,
    status: alert.status,
    summary: alertSummary(alert, fridgeName, profile, nowMs),
    startedAt: iso(alert.startedAtMs),
    raisedAt: iso(alert.raisedAtMs),
    escalatedAt: isoTime(alert.escalatedAtMs),
    clearedAt: isoTime(alert.clearedAtMs),
    resolvedAt: isoTime(alert.resolvedAtMs),
    durationMinutes: Math.floor(alertDurationMs(alert, nowMs) / 60_000),
    peakCelsius: alert.peakCelsius === null ? null : Math.round(alert.peakCelsius * 100) / 100,
    acknowledgement: alert.acknowledgement
      ? {
          by: alert.acknowledgement.by,
          at: iso(alert.acknowledgement.atMs),
          note: alert.acknowledgement.note,
        }
      : null,
    details: viewDetails,
  };
}

/** The retained `fridges/{id}/alerts`: what is not resolved yet (an empty list when all is well). */
export function activeAlertsMessage(
  fridgeId: string,
  state: FridgeAlertState | undefined,
  view: (alert: Alert) => AlertView,
): ActiveAlertsMessage {
  return { fridgeId, alerts: Object.values(state?.alerts ?? {}).flatMap((a) => (a ? [view(a)] : [])) };
}

/** The public temperature status of a fridge, judged by its settings and open alerts (`FridgeCatalog`). */
export const temperatureJudge =
  (
    settings: { of(fridgeId: string): FridgeAlertSettings },
    states: ReadonlyMap<string, FridgeAlertState>,
    timeZone: string,
  ): TemperatureJudge =>
  (fridgeId, fridgeState, nowMs) =>
    temperatureVerdict({
      profile: settings.of(fridgeId).profile,
      warnAboveCelsius: thresholdsOf(settings.of(fridgeId)).warnAboveCelsius,
      celsius: fridgeState.temperature?.celsius ?? null,
      alerts: states.get(fridgeId)?.alerts ?? {},
      nowMs,
      timeZone,
    });
