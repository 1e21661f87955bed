import type { SensorValue } from '../../../contract/payloads';
import { thresholdsOf } from './config';
import {
  batteryCondition,
  FRIDGE_SOURCE,
  nextSilenceDeadline,
  onHeard,
  probeSilenceCondition,
  sensorFaultCondition,
  silenceCondition,
  silentAtMs,
} from './deviceRules';
import { doorAjarCondition, doorSwitchCondition, nextDoorDeadline, onDoor, onShelfWeight } from './doorRules';
import {
  type Alerts,
  applyCondition,
  type Condition,
  nextLifecycleDeadline,
  settleAlerts,
} from './lifecycle';
import { onTemperature } from './temperatureRules';
import type {
  AlertContext,
  AlertEffect,
  AlertEvent,
  AlertStep,
  DeviceTrack,
  FridgeAlertState,
} from './types';

/**
 * The alert rules of one fridge: one step of a small state machine, like `restockStep`.
 * Readings are judged at their measured time (`nowMs` is the reading's `ts`), so a device that
 * uploads its buffer raises and resolves what those readings imply; door, silence, resolution
 * and re-sends also fire on `tick`, so nothing waits for the next message. Pure: ids come from
 * `context.newAlertId`.
 */
export function alertStep(
  state: FridgeAlertState,
  event: AlertEvent,
  nowMs: number,
  context: AlertContext,
): AlertStep {
  const effects: AlertEffect[] = [];
  switch (event.type) {
    case 'reading':
      return { state: onReading(state, event, nowMs, context, effects), effects, refusal: null };
    case 'shelfFaults': {
      let alerts = applyCondition(
        state.alerts,
        'sensorFault',
        sensorFaultCondition(event.faults, nowMs),
        nowMs,
        context,
        effects,
      );
      alerts = settleAlerts(alerts, nowMs, false, context, effects);
      return { state: { ...state, shelfFaults: [...event.faults], alerts }, effects, refusal: null };
    }
    case 'acknowledge': {
      const alert = Object.values(state.alerts).find((a) => a?.id === event.alertId);
      if (!alert) return { state, effects, refusal: { reason: 'no-such-alert' } };
      const acknowledged = {
        ...alert,
        status: 'acknowledged' as const,
        acknowledgement: { by: event.by, atMs: nowMs, note: event.note },
        nextNoticeAtMs: null,
        widenAtMs: null,
      };
      effects.push({ type: 'alertChanged', change: 'acknowledged', alert: acknowledged });
      return {
        state: { ...state, alerts: { ...state.alerts, [alert.type]: acknowledged } },
        effects,
        refusal: null,
      };
    }
    case 'tick': {
      let alerts = timeConditions(state, state.alerts, nowMs, nowMs, context, effects);
      alerts = settleAlerts(alerts, nowMs, true, context, effects);
      return { state: alerts === state.alerts ? state : { ...state, alerts }, effects, refusal: null };
    }
  }
}

/** The conditions that time alone can change: the door standing open, devices falling silent. */
function timeConditions(
  state: FridgeAlertState,
  alerts: Alerts,
  measuredAtMs: number,
  wallAtMs: number,
  context: AlertContext,
  effects: AlertEffect[],
): Alerts {
  let next = applyCondition(
    alerts,
    'doorAjar',
    doorAjarCondition(state.door, measuredAtMs, context),
    measuredAtMs,
    context,
    effects,
  );
  next = applyCondition(
    next,
    'doorSwitchFaulty',
    doorSwitchCondition(state.door, measuredAtMs, context),
    measuredAtMs,
    context,
    effects,
  );
  return applyCondition(
    next,
    'deviceSilent',
    silenceCondition(state.devices, wallAtMs, context),
    wallAtMs,
    context,
    effects,
  );
}

const hasTemperatureRules = (context: AlertContext) =>
  thresholdsOf(context.settings).warnAboveCelsius !== null;

/** Marks a verdict reached on a reading as sent when that reading arrived. */
const sentAt =
  (receivedAtMs: number) =>
  (condition: Condition | null): Condition | null =>
    condition === null ? null : { ...condition, noticeAtMs: receivedAtMs };

function hearFrom(
  devices: Record<string, DeviceTrack>,
  deviceId: string | null,
  value: SensorValue,
  receivedAtMs: number,
): Record<string, DeviceTrack> {
  const source = deviceId ?? FRIDGE_SOURCE;
  if (value.kind !== 'deviceStatus') return { ...devices, [source]: onHeard(devices[source], receivedAtMs) };
  // A status names its device; `online: false` is its last will (the broker speaking for it).
  const previous = devices[value.deviceId];
  if (!value.online) {
    if (!previous) return devices;
    return { ...devices, [value.deviceId]: { ...previous, offline: true } };
  }
  const heard = onHeard(previous, receivedAtMs);
  return { ...devices, [value.deviceId]: { ...heard, battery: value.battery ?? heard.battery } };
}

/**
 * A device heard again after it fell silent (hung, rebooted, offline) says nothing yet about its
 * probe: the probe's silence counts from the device's return, or its first weight reading would
 * call the probe unplugged before the probe had its turn to report.
 */
function probeAfterDeviceReturns(
  state: FridgeAlertState,
  event: Extract<AlertEvent, { type: 'reading' }>,
  context: AlertContext,
): FridgeAlertState['probe'] {
  const before = state.devices[event.deviceId ?? FRIDGE_SOURCE];
  const { probe } = state;
  if (!probe || !before) return probe;
  const returning = before.offline || event.receivedAtMs >= silentAtMs(before, context);
  return returning ? { ...probe, lastHeardMs: Math.max(probe.lastHeardMs, event.receivedAtMs) } : probe;
}

function onReading(
  state: FridgeAlertState,
  event: Extract<AlertEvent, { type: 'reading' }>,
  atMs: number,
  context: AlertContext,
  effects: AlertEffect[],
): FridgeAlertState {
  const { value } = event;
  // Asked of the device's track before it hears this reading: stepping it first would leave the
  // older version to sort its own copy of the gaps (`gapLog.ts`).
  const probe = probeAfterDeviceReturns(state, event, context);
  let next: FridgeAlertState = {
    ...state,
    devices: hearFrom(state.devices, event.deviceId, value, event.receivedAtMs),
    probe,
  };
  // Time passed up to this reading first: a door that stood open raises its alert at the moment
  // it would have fired live, before this reading (a close, perhaps) clears it.
  let alerts = timeConditions(next, state.alerts, atMs, event.receivedAtMs, context, effects);
  switch (value.kind) {
    case 'temperature': {
      const outcome = onTemperature({ ...next, alerts }, value.celsius, atMs, context);
      next = {
        ...next,
        temperature: outcome.track,
        probe: onHeard(next.probe ?? undefined, event.receivedAtMs),
      };
      if (outcome.track !== state.temperature) {
        const sent = sentAt(event.receivedAtMs);
        alerts = applyCondition(alerts, 'tooWarm', sent(outcome.warm), atMs, context, effects);
        alerts = applyCondition(alerts, 'tooCold', sent(outcome.cold), atMs, context, effects);
      }
      break;
    }
    case 'door': {
      next = { ...next, door: onDoor(next.door, value.open, atMs, next.shelfKg) };
      alerts = applyCondition(
        alerts,
        'doorAjar',
        doorAjarCondition(next.door, atMs, context),
        atMs,
        context,
        effects,
      );
      alerts = applyCondition(
        alerts,
        'doorSwitchFaulty',
        doorSwitchCondition(next.door, atMs, context),
        atMs,
        context,
        effects,
      );
      break;
    }
    case 'weight': {
      next = {
        ...next,
        shelfKg: { ...next.shelfKg, [value.shelfId]: value.kg },
        door: onShelfWeight(next.door, value.shelfId, value.kg, context),
      };
      alerts = applyCondition(
        alerts,
        'doorSwitchFaulty',
        doorSwitchCondition(next.door, atMs, context),
        atMs,
        context,
        effects,
      );
      break;
    }
    case 'deviceStatus':
      alerts = applyCondition(
        alerts,
        'lowBattery',
        sentAt(event.receivedAtMs)(batteryCondition(next.devices, atMs, context)),
        atMs,
        context,
        effects,
      );
      break;
  }
  alerts = applyCondition(
    alerts,
    'deviceSilent',
    silenceCondition(next.devices, event.receivedAtMs, context),
    event.receivedAtMs,
    context,
    effects,
  );
  // The probe is missing when the device measured other things long after its last temperature:
  // judged in measured time on readings only (a device that says nothing at all is `deviceSilent`).
  alerts = applyCondition(
    alerts,
    'probeSilent',
    probeSilenceCondition(next.probe, hasTemperatureRules(context), atMs, context),
    atMs,
    context,
    effects,
  );
  alerts = settleAlerts(alerts, atMs, false, context, effects);
  return { ...next, alerts };
}

/**
 * The next instant at which `tick` may change something: a door alert due, a device turning
 * silent, an alert resolving after its hold, or a re-send.
 */
export function nextAlertDeadline(state: FridgeAlertState, context: AlertContext): number | null {
  const candidates = [
    nextDoorDeadline(
      state.door,
      { ajar: state.alerts.doorAjar !== undefined, switch: state.alerts.doorSwitchFaulty !== undefined },
      context,
    ),
    nextSilenceDeadline(state.devices, silentNow(state), context),
    nextLifecycleDeadline(state.alerts, context),
  ].filter((t): t is number => t !== null);
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/** Devices the silence alert already names (while its condition holds). */
function silentNow(state: FridgeAlertState): string[] {
  const alert = state.alerts.deviceSilent;
  return alert && alert.clearedAtMs === null ? (alert.details.deviceIds ?? []) : [];
}
