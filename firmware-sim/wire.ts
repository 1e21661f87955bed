import { type DeviceStatusPayload, topics } from '../contract';
import type { SimulatedSensorValue } from './types';

/** A message ready for the wire: contract topic and JSON payload text. */
export interface WireMessage {
  topic: string;
  payload: string;
  /** Device status is retained so a subscriber learns it on arrival (MQTT 3.1.1 §3.3.1.3). */
  retain: boolean;
}

/** The device's per-message metadata: `seq` always, `ts` only when the clock is real. */
export interface MessageMeta {
  seq: number;
  /** Epoch ms of the measurement; omitted when simulated time runs faster than real time. */
  ts?: number;
}

/**
 * Whether payloads may carry `ts` at this speed. Only at speed 1 is the simulated moment also
 * the real one; a faster clock would stamp readings in the future, which the server flags as
 * clock skew.
 */
export const carriesTimestamps = (speed: number): boolean => speed === 1;

const withMeta = <T extends object>(body: T, meta: MessageMeta) =>
  meta.ts === undefined ? { ...body, seq: meta.seq } : { ...body, seq: meta.seq, ts: meta.ts };

/** Encodes a sensor value with the topic and payload shape of the contract. */
export function encodeSensorValue(
  fridgeId: string,
  value: SimulatedSensorValue,
  meta: MessageMeta,
): WireMessage {
  switch (value.kind) {
    case 'door':
      return {
        topic: topics.door(fridgeId),
        payload: JSON.stringify(withMeta({ open: value.open }, meta)),
        retain: false,
      };
    case 'temperature':
      return {
        topic: topics.temperature(fridgeId),
        payload: JSON.stringify(withMeta({ celsius: value.celsius }, meta)),
        retain: false,
      };
    case 'weight':
      return {
        topic: topics.shelfWeight(fridgeId, value.shelfId),
        payload: JSON.stringify(withMeta({ kg: value.kg }, meta)),
        retain: false,
      };
  }
}

export interface DeviceHealth {
  /** Battery charge, 0..1. */
  battery: number;
  /** Received signal strength in dBm. */
  rssi: number;
}

export const SIMULATED_FIRMWARE = 'sim-1.0.0';

export function encodeOnlineStatus(
  fridgeId: string,
  deviceId: string,
  health: DeviceHealth,
  meta: MessageMeta,
): WireMessage {
  const status: DeviceStatusPayload = {
    online: true,
    battery: health.battery,
    rssi: health.rssi,
    firmware: SIMULATED_FIRMWARE,
  };
  return {
    topic: topics.deviceStatus(fridgeId, deviceId),
    payload: JSON.stringify(withMeta(status, meta)),
    retain: true,
  };
}

/** Said by the device before a clean shutdown, since the broker drops the will on DISCONNECT (§3.14.4). */
export function encodeOfflineStatus(fridgeId: string, deviceId: string, meta: MessageMeta): WireMessage {
  const status: DeviceStatusPayload = { online: false };
  return {
    topic: topics.deviceStatus(fridgeId, deviceId),
    payload: JSON.stringify(withMeta(status, meta)),
    retain: true,
  };
}

/**
 * The last will the broker publishes when the device vanishes (MQTT 3.1.1 §3.1.2.5). Fixed at
 * connect time, so it carries no seq.
 */
export function lastWill(fridgeId: string, deviceId: string): WireMessage {
  return {
    topic: topics.deviceStatus(fridgeId, deviceId),
    payload: JSON.stringify({ online: false }),
    retain: true,
  };
}
