import type { SensorValue } from '../../../contract/payloads';
import { atId, withId } from '../idRecord';
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
import {
  type AlertContext,
  type AlertEffect,
  type AlertEvent,
  type AlertStep,
  alertState,
  type DeviceTrack,
  type DoorTrack,
  type FridgeAlertState,
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
      return {
        state: alertState({ ...state, shelfFaults: [...event.faults], alerts }),
        effects,
        refusal: null,
      };
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
        state: alertState({ ...state, alerts: { ...state.alerts, [alert.type]: acknowledged } }),
        effects,
        refusal: null,
      };
    }
    case 'tick': {
      let alerts = timeConditions(state.door, state.devices, state.alerts, nowMs, nowMs, context, effects);
      alerts = settleAlerts(alerts, nowMs, true, context, effects);
      return {
        state: alerts === state.alerts ? state : alertState({ ...state, alerts }),
        effects,
        refusal: null,
      };
    }
  }
}

/** The conditions that time alone can change: the door standing open, devices falling silent. */
function timeConditions(
  door: DoorTrack,
  devices: Record<string, DeviceTrack>,
  alerts: Alerts,
  measuredAtMs: number,
  wallAtMs: number,
  context: AlertContext,
  effects: AlertEffect[],
): Alerts {
  let next = applyCondition(
    alerts,
    'doorAjar',
    doorAjarCondition(door, measuredAtMs, context),
    measuredAtMs,
    context,
    effects,
  );
  next = applyCondition(
    next,
    'doorSwitchFaulty',
    doorSwitchCondition(door, measuredAtMs, context),
    measuredAtMs,
    context,
    effects,
  );
  return applyCondition(
    next,
    'deviceSilent',
    silenceCondition(devices, wallAtMs, context),
    wallAtMs,
    context,
    effects,
  );
}

const hasTemperatureRules = (context: AlertContext) =>
  thresholdsOf(context.settings).warnAboveCelsius !== null;

/** Marks a verdict reached on a reading as sent when that reading arrived. */
const sentAt = (condition: Condition | null, receivedAtMs: number): Condition | null =>
  condition === null ? null : { ...condition, noticeAtMs: receivedAtMs };

function hearFrom(
  devices: Record<string, DeviceTrack>,
  deviceId: string | null,
  value: SensorValue,
  receivedAtMs: number,
): Record<string, DeviceTrack> {
  const source = deviceId ?? FRIDGE_SOURCE;
  if (value.kind !== 'deviceStatus')
    return withId(devices, source, onHeard(atId(devices, source), receivedAtMs));
  // A status names its device; `online: false` is its last will (the broker speaking for it).
  const previous = atId(devices, value.deviceId);
  if (!value.online) {
    if (!previous) return devices;
    return withId(devices, value.deviceId, { ...previous, offline: true });
  }
  const heard = onHeard(previous, receivedAtMs);
  return withId(devices, value.deviceId, { ...heard, battery: value.battery ?? heard.battery });
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
  const before = atId(state.devices, event.deviceId ?? FRIDGE_SOURCE);
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
  const { value, receivedAtMs } = event;
  // Asked of the device's track before it hears this reading: stepping it first would leave the
  // older version to sort its own copy of the gaps (`gapLog.ts`).
  let probe = probeAfterDeviceReturns(state, event, context);
  const devices = hearFrom(state.devices, event.deviceId, value, receivedAtMs);
  let { temperature, door, shelfKg } = state;
  // Time passed up to this reading first: a door that stood open raises its alert at the moment
  // it would have fired live, before this reading (a close, perhaps) clears it.
  let alerts = timeConditions(door, devices, state.alerts, atMs, receivedAtMs, context, effects);
  switch (value.kind) {
    case 'temperature': {
      const outcome = onTemperature({ temperature, door, alerts }, value.celsius, atMs, context);
      temperature = outcome.track;
      probe = onHeard(probe ?? undefined, receivedAtMs);
      if (outcome.track !== state.temperature) {
        alerts = applyCondition(
          alerts,
          'tooWarm',
          sentAt(outcome.warm, receivedAtMs),
          atMs,
          context,
          effects,
        );
        alerts = applyCondition(
          alerts,
          'tooCold',
          sentAt(outcome.cold, receivedAtMs),
          atMs,
          context,
          effects,
        );
      }
      break;
    }
    case 'door': {
      door = onDoor(door, value.open, atMs, shelfKg);
      alerts = applyCondition(
        alerts,
        'doorAjar',
        doorAjarCondition(door, atMs, context),
        atMs,
        context,
        effects,
      );
      alerts = applyCondition(
        alerts,
        'doorSwitchFaulty',
        doorSwitchCondition(door, atMs, context),
        atMs,
        context,
        effects,
      );
      break;
    }
    case 'weight': {
      // The shelf's record is copied only when its weight moved (a steady shelf reports the same).
      if (!Object.is(atId(shelfKg, value.shelfId), value.kg))
        shelfKg = withId(shelfKg, value.shelfId, value.kg);
      door = onShelfWeight(door, value.shelfId, value.kg, context);
      alerts = applyCondition(
        alerts,
        'doorSwitchFaulty',
        doorSwitchCondition(door, atMs, context),
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
        sentAt(batteryCondition(devices, atMs, context), receivedAtMs),
        atMs,
        context,
        effects,
      );
      break;
  }
  alerts = applyCondition(
    alerts,
    'deviceSilent',
    silenceCondition(devices, receivedAtMs, context),
    receivedAtMs,
    context,
    effects,
  );
  // The probe is missing when the device measured other things long after its last temperature:
  // judged in measured time on readings only (a device that says nothing at all is `deviceSilent`).
  alerts = applyCondition(
    alerts,
    'probeSilent',
    probeSilenceCondition(probe, hasTemperatureRules(context), atMs, context),
    atMs,
    context,
    effects,
  );
  alerts = settleAlerts(alerts, atMs, false, context, effects);
  // One new state per reading, built once from its parts.
  return alertState({ ...state, temperature, door, shelfKg, devices, probe, alerts });
}

/**
 * The next instant at which `tick` may change something: a door alert due, a device turning
 * silent, an alert resolving after its hold, or a re-send.
 */
export function nextAlertDeadline(state: FridgeAlertState, context: AlertContext): number | null {
  // Asked after every reading: no arrays built to find the least of three.
  const door = nextDoorDeadline(
    state.door,
    { ajar: state.alerts.doorAjar !== undefined, switch: state.alerts.doorSwitchFaulty !== undefined },
    context,
  );
  const silence = nextSilenceDeadline(state.devices, silentNow(state), context);
  return earlier(earlier(door, silence), nextLifecycleDeadline(state.alerts, context));
}

const earlier = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

const NONE_SILENT: readonly string[] = Object.freeze([]);

/** Devices the silence alert already names (while its condition holds). */
function silentNow(state: FridgeAlertState): readonly string[] {
  const alert = state.alerts.deviceSilent;
  return alert && alert.clearedAtMs === null ? (alert.details.deviceIds ?? NONE_SILENT) : NONE_SILENT;
}
