import type { Static } from 'typebox';
import type { AlertSettingsSchema, AlertView, FleetHealth } from '../../../contract/alerts';
import type { ReportView } from '../../../contract/publicSite';
import { isRecord } from '../api';
import { fridgePath, type OrganiserCaller } from './organiser-call';

export type AlertSettings = Static<typeof AlertSettingsSchema>;

/** Food-safety and device alerts, neighbours' problem reports, the fleet's health. */
export interface AlertsApi {
  /** Alerts not yet resolved (`open`), or the recently resolved ones. */
  alerts(status: 'open' | 'resolved'): Promise<AlertView[]>;
  acknowledgeAlert(alertId: string, by: string, note: string | null): Promise<AlertView>;
  /** Neighbours' problem reports, newest first. */
  reports(status: 'open' | 'resolved'): Promise<ReportView[]>;
  /** Resolves it with every other open report of its fridge and kind. */
  resolveReport(reportId: string): Promise<ReportView>;
  fleetHealth(): Promise<FleetHealth>;
  alertSettings(fridgeId: string): Promise<AlertSettings>;
  saveAlertSettings(fridgeId: string, settings: AlertSettings): Promise<AlertSettings>;
}

const isAlert = (value: unknown): value is AlertView =>
  isRecord(value) && typeof value.id === 'string' && typeof value.summary === 'string';

const isReport = (value: unknown): value is ReportView =>
  isRecord(value) && typeof value.id === 'string' && typeof value.kind === 'string';

const isAlertSettings = (value: unknown): value is AlertSettings =>
  isRecord(value) && typeof value.profile === 'string' && typeof value.probe === 'string';

const isFleetHealth = (value: unknown): value is FleetHealth =>
  isRecord(value) && isRecord(value.devices) && Array.isArray(value.fridgesWithActiveAlerts);

export function alertsApi({ read, readList }: OrganiserCaller): AlertsApi {
  return {
    alerts: (status) => readList(`/api/alerts?status=${status}&limit=50`, isAlert),
    acknowledgeAlert: (id, by, note) =>
      read(
        'POST',
        `/api/alerts/${encodeURIComponent(id)}/acknowledge`,
        isAlert,
        note === null ? { by } : { by, note },
      ),
    reports: (status) => readList(`/api/reports?status=${status}&limit=50`, isReport),
    resolveReport: (id) => read('POST', `/api/reports/${encodeURIComponent(id)}/resolve`, isReport),
    fleetHealth: () => read('GET', '/api/health/fleet', isFleetHealth),
    alertSettings: (fridgeId) => read('GET', `${fridgePath(fridgeId)}/alert-settings`, isAlertSettings),
    saveAlertSettings: (fridgeId, settings) =>
      read('PUT', `${fridgePath(fridgeId)}/alert-settings`, isAlertSettings, settings),
  };
}
