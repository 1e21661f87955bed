import type { DeviceEncoder, FormatContext, FormatMessage } from './formatTypes';
import { percent, snake } from './formatTypes';

/*
 * ESPHome's MQTT component (esphome/esphome): `<prefix>/<component>/<object_id>/state`, plain
 * text, QoS 0, retained by default; `<prefix>/status` `online` at connect and `offline` as the
 * will and on shutdown, retained. The ready configuration the server hands out sets
 * `accuracy_decimals: 3` on each `hx711` shelf (kg) and 1 on the DS18B20; the reed switch is a
 * `binary_sensor` whose ON means open (`inverted` as wired).
 */

/** Object ids: `binary_sensor/door`, `sensor/temperature`, `sensor/shelf_<shelf>`, `sensor/battery`. */
export const esphomeObjects = (shelfId?: string) => ({
  door: 'binary_sensor/door',
  temperature: 'sensor/temperature',
  battery: 'sensor/battery',
  shelf: shelfId === undefined ? '' : `sensor/shelf_${snake(shelfId)}`,
});

export function esphomeEncoder(context: FormatContext): DeviceEncoder {
  const prefix = context.topic;
  /** The latest state of each entity: ESPHome publishes them all again on every connect. */
  const latest = new Map<string, string>();
  const state = (object: string, text: string): FormatMessage => {
    latest.set(object, text);
    return { topic: `${prefix}/${object}/state`, payload: text, retain: true, qos: 0 };
  };
  const status = (text: 'online' | 'offline'): FormatMessage => ({
    topic: `${prefix}/status`,
    payload: text,
    retain: true,
    qos: 0,
  });
  return {
    will: () => status('offline'),
    offline: () => status('offline'),
    online: () => {
      state(esphomeObjects().battery, String(percent(context.health.battery)));
      return [status('online'), ...[...latest].map(([object, text]) => state(object, text))];
    },
    reading: ({ value }) => {
      switch (value.kind) {
        case 'door':
          return [state(esphomeObjects().door, value.open ? 'ON' : 'OFF')];
        case 'temperature':
          return [state(esphomeObjects().temperature, value.celsius.toFixed(1))];
        case 'weight':
          return [state(esphomeObjects(value.shelfId).shelf, value.kg.toFixed(3))];
      }
    },
  };
}
