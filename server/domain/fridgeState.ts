import type { SensorValue } from '../../contract/payloads';
import { atId, type IdRecord, idRecord, idRecordOf, withId } from './idRecord';

/**
 * What the server currently believes about one fridge; persisted as a snapshot. The records keyed
 * by shelf and device ids are `IdRecord`s (`idRecord.ts`: no prototype).
 */
export interface FridgeState {
  shelves: IdRecord<{ grossKg: number; measuredAtMs: number }>;
  temperature: { celsius: number; probe: string | null; measuredAtMs: number } | null;
  door: { open: boolean; sinceMs: number; measuredAtMs: number } | null;
  devices: IdRecord<DeviceState>;
  lastSeenMs: number | null;
}

export interface DeviceState {
  online: boolean;
  battery: number | null;
  rssi: number | null;
  firmware: string | null;
  lastSeenMs: number | null;
  clockSkew: boolean;
}

export const emptyFridgeState = (): FridgeState => ({
  shelves: idRecord(),
  temperature: null,
  door: null,
  devices: idRecord(),
  lastSeenMs: null,
});

const emptyDevice = (): DeviceState => ({
  online: false,
  battery: null,
  rssi: null,
  firmware: null,
  lastSeenMs: null,
  clockSkew: false,
});

export interface ReadingEvent {
  value: SensorValue;
  deviceId: string | null;
  measuredAtMs: number;
  receivedAtMs: number;
  clockSkew: boolean;
}

export interface ApplyOutcome {
  state: FridgeState;
  /** The reading is older than the figure it would replace: history only, state untouched. */
  late: boolean;
}

function touchDevice(state: FridgeState, event: ReadingEvent): IdRecord<DeviceState> {
  if (event.deviceId === null) return state.devices;
  const previous = atId(state.devices, event.deviceId) ?? emptyDevice();
  return withId(state.devices, event.deviceId, {
    ...previous,
    online: true,
    lastSeenMs: Math.max(previous.lastSeenMs ?? 0, event.receivedAtMs),
    clockSkew: event.clockSkew,
  });
}

/**
 * Applies one accepted reading. Pure: a late reading (measured before the figure it would
 * replace) never rolls the current state back.
 */
export function applyReading(state: FridgeState, event: ReadingEvent): ApplyOutcome {
  const value = event.value;
  const at = event.measuredAtMs;
  const base: FridgeState = {
    ...state,
    devices: touchDevice(state, event),
    lastSeenMs: Math.max(state.lastSeenMs ?? 0, event.receivedAtMs),
  };
  switch (value.kind) {
    case 'weight': {
      const current = atId(state.shelves, value.shelfId);
      if (current && at < current.measuredAtMs) return { state: base, late: true };
      return {
        state: {
          ...base,
          shelves: withId(state.shelves, value.shelfId, { grossKg: value.kg, measuredAtMs: at }),
        },
        late: false,
      };
    }
    case 'temperature': {
      if (state.temperature && at < state.temperature.measuredAtMs) return { state: base, late: true };
      return {
        state: {
          ...base,
          temperature: { celsius: value.celsius, probe: value.probe ?? null, measuredAtMs: at },
        },
        late: false,
      };
    }
    case 'door': {
      const current = state.door;
      if (current && at < current.measuredAtMs) return { state: base, late: true };
      const sinceMs = current && current.open === value.open ? current.sinceMs : at;
      return { state: { ...base, door: { open: value.open, sinceMs, measuredAtMs: at } }, late: false };
    }
    case 'deviceStatus': {
      const previous = atId(state.devices, value.deviceId) ?? emptyDevice();
      const device: DeviceState = {
        online: value.online,
        battery: value.battery ?? previous.battery,
        rssi: value.rssi ?? previous.rssi,
        firmware: value.firmware ?? previous.firmware,
        lastSeenMs: value.online
          ? Math.max(previous.lastSeenMs ?? 0, event.receivedAtMs)
          : previous.lastSeenMs,
        clockSkew: event.clockSkew || previous.clockSkew,
      };
      // An offline will message is the broker speaking for a dead device: it says nothing of lastSeen.
      const lastSeenMs = value.online ? base.lastSeenMs : state.lastSeenMs;
      return {
        state: { ...base, lastSeenMs, devices: withId(state.devices, value.deviceId, device) },
        late: false,
      };
    }
  }
}

/** The broker saw the device's connection open or close (embedded mode knows this first-hand). */
export function applyConnection(
  state: FridgeState,
  deviceId: string,
  online: boolean,
  atMs: number,
): FridgeState {
  const previous = atId(state.devices, deviceId) ?? emptyDevice();
  return {
    ...state,
    lastSeenMs: online ? Math.max(state.lastSeenMs ?? 0, atMs) : state.lastSeenMs,
    devices: withId(state.devices, deviceId, {
      ...previous,
      online,
      lastSeenMs: online ? Math.max(previous.lastSeenMs ?? 0, atMs) : previous.lastSeenMs,
    }),
  };
}

/**
 * Drops the devices that are no longer registered, so the status lists only real ones. Also how a
 * saved state is read back (`FridgeCatalog`): its records become `IdRecord`s again.
 */
export function keepDevices(state: FridgeState, deviceIds: readonly string[]): FridgeState {
  const devices = idRecord<DeviceState>();
  for (const id of deviceIds) devices[id] = atId(state.devices, id) ?? emptyDevice();
  // A literal, not a spread of `state`: a spread gives the copy its source's hidden class, and a
  // state parsed from its row may have one of its own (`idRecord.ts`); every later step copies it.
  const { temperature, door, lastSeenMs } = state;
  return { shelves: idRecordOf(state.shelves), temperature, door, devices, lastSeenMs };
}
