import { esphomeEncoder } from './esphomeFormat';
import type { DeviceEncoder, FormatContext, SensorFormat } from './formatTypes';
import { shellyEncoder } from './shellyFormat';
import { type TasmotaOptions, tasmotaEncoder } from './tasmotaFormat';
import { zigbee2mqttEncoder } from './zigbee2mqttFormat';

export { esphomeObjects } from './esphomeFormat';
export * from './formatTypes';
export { SHELLY_COMPONENTS } from './shellyFormat';
export { ds18b20Id, tasmotaTime } from './tasmotaFormat';
export { zigbeeNames } from './zigbee2mqttFormat';

/** Which readings each format carries: the others are measured and not sent. */
export const FORMAT_ROLES: Readonly<Record<SensorFormat, readonly string[]>> = {
  native: ['door', 'temperature', 'weight (every shelf)', 'battery', 'availability'],
  zigbee2mqtt: ['door', 'temperature', 'battery', 'availability (bridge)'],
  esphome: ['door', 'temperature', 'weight (every shelf)', 'battery', 'availability'],
  tasmota: ['door', 'temperature', 'weight (first shelf)', 'availability'],
  shelly: ['door', 'temperature', 'battery', 'availability'],
};

/**
 * The device's root topic when none is given: Zigbee2MQTT's default base topic; for the others
 * the device id (ESPHome's prefix defaults to the device name, Tasmota and Shelly to a device id).
 */
export function defaultFormatTopic(format: SensorFormat, deviceId: string): string {
  return format === 'zigbee2mqtt' ? 'zigbee2mqtt' : deviceId;
}

export function createEncoder(
  format: Exclude<SensorFormat, 'native'>,
  context: FormatContext,
  options: TasmotaOptions = {},
): DeviceEncoder {
  switch (format) {
    case 'zigbee2mqtt':
      return zigbee2mqttEncoder(context);
    case 'esphome':
      return esphomeEncoder(context);
    case 'tasmota':
      return tasmotaEncoder(context, options);
    case 'shelly':
      return shellyEncoder(context);
  }
}
