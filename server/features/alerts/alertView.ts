import type { AlertView } from '../../../contract/alerts';
import { isoTime } from '../../clock';
import type { AlertProfile } from '../../domain/alerts/config';
import { type Alert, alertDurationMs } from '../../domain/alerts/types';
import { alertSummary } from '../../domain/alerts/words';

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
