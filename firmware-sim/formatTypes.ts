import type { SensorReading } from './types';
import type { DeviceHealth, WireMessage } from './wire';

/** The ecosystems a simulated device can speak besides the native contract (issue 15). */
export const SENSOR_FORMATS = ['native', 'zigbee2mqtt', 'esphome', 'tasmota', 'shelly'] as const;
export type SensorFormat = (typeof SENSOR_FORMATS)[number];

/** A message of a foreign format: its own QoS (the native contract always uses 1). */
export interface FormatMessage extends WireMessage {
  qos: 0 | 1;
}

/** What an encoder knows about its device. */
export interface FormatContext {
  fridgeId: string;
  deviceId: string;
  /** The device's own root: Zigbee2MQTT base topic, ESPHome `topic_prefix`, Tasmota `Topic`, Shelly prefix. */
  topic: string;
  /** Shelf ids of the fridge, in order. */
  shelfIds: readonly string[];
  health: DeviceHealth;
  /** Local time of the device (Tasmota stamps local time without an offset). */
  utcOffsetMinutes: number;
}

/**
 * Turns a device's life into one ecosystem's topics and payloads. `reading` may keep state
 * (Tasmota reports on its TelePeriod, not per reading), so one encoder serves one device, and
 * readings must come in time order.
 */
export interface DeviceEncoder {
  /** The last will, fixed at connect. */
  will(): FormatMessage;
  /** Published on every connect: birth message and what the device announces with it. */
  online(atMs: number): FormatMessage[];
  /** Said before a clean disconnect. */
  offline(): FormatMessage;
  reading(reading: SensorReading): FormatMessage[];
}

/** ESPHome object ids and Tasmota keys are snake-case: `shelf-1` becomes `shelf_1`. */
export const snake = (id: string) => id.replace(/-/g, '_');
/** Battery 0..1 as a whole percentage. */
export const percent = (battery: number) => Math.round(battery * 100);
