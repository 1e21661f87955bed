import type { FleetHealth, TemperatureLog } from '../../../contract/alerts';
import type { FridgeStatus } from '../../../contract/api';
import { isoTime } from '../../clock';
import type { FridgeAlertState } from '../../domain/alerts/types';
import type { AlertRepository } from '../../storage/alertRepository';

/**
 * The organiser's reports built from the alerts feature's state and store: the fleet's device
 * health (`GET /api/health/fleet`) and a fridge's temperature log for inspectors. Reads only.
 */

/** Every device with its battery and whether it is heard, and the fridges with unresolved alerts. */
export function fleetHealth(
  statuses: Iterable<FridgeStatus>,
  stateOf: (fridgeId: string) => FridgeAlertState | undefined,
  lowBatteryAtOrBelow: number,
): FleetHealth {
  const deviceList: FleetHealth['deviceList'] = [];
  const fridgesWithActiveAlerts: FleetHealth['fridgesWithActiveAlerts'] = [];
  for (const status of statuses) {
    const state = stateOf(status.id);
    const silent = state?.alerts.deviceSilent;
    const silentIds = silent && silent.clearedAtMs === null ? (silent.details.deviceIds ?? []) : [];
    for (const device of status.devices) {
      deviceList.push({
        id: device.id,
        fridgeId: status.id,
        online: device.online && !silentIds.includes(device.id),
        lastSeen: device.lastSeen,
        battery: device.battery,
        lowBattery: device.battery !== null && device.battery <= lowBatteryAtOrBelow,
      });
    }
    const alerts = Object.values(state?.alerts ?? {}).flatMap((a) =>
      a ? [{ id: a.id, type: a.type, severity: a.severity }] : [],
    );
    if (alerts.length > 0) fridgesWithActiveAlerts.push({ fridgeId: status.id, name: status.name, alerts });
  }
  const online = deviceList.filter((d) => d.online).length;
  return {
    devices: {
      total: deviceList.length,
      online,
      offline: deviceList.length - online,
      lowBattery: deviceList.filter((d) => d.lowBattery).length,
    },
    deviceList,
    fridgesWithActiveAlerts,
  };
}

/** Hourly min/mean/max between two instants, and the too-warm or too-cold spells with their action. */
export function temperatureLog(
  repository: AlertRepository,
  fridgeId: string,
  fromMs: number,
  toMs: number,
): TemperatureLog {
  const round = (n: number) => Math.round(n * 100) / 100;
  const hours = repository.temperatureHours(fridgeId, fromMs, toMs).map((h) => ({
    hour: new Date(h.hourMs).toISOString(),
    minCelsius: round(h.min),
    maxCelsius: round(h.max),
    meanCelsius: round(h.mean),
    readings: h.count,
  }));
  const excursions = repository
    .list({ fridgeId, startedBeforeMs: toMs, notResolvedBeforeMs: fromMs, limit: 10_000 })
    .filter((a) => a.type === 'tooWarm' || a.type === 'tooCold')
    .reverse()
    .map((a) => ({
      alertId: a.id,
      type: a.type,
      severity: a.severity,
      start: new Date(a.startedAtMs).toISOString(),
      end: isoTime(a.clearedAtMs),
      peakCelsius: a.peakCelsius === null ? null : round(a.peakCelsius),
      action: a.acknowledgement?.note ?? null,
    }));
  return {
    fridgeId,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    hours,
    excursions,
  };
}
