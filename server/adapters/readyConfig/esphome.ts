import type { SensorBinding } from '../sensors/types';
import { brokerAddress, type ConfigWriter } from './types';

/**
 * A complete ESPHome device file (esphome.io: `mqtt`, `hx711`, `dallas_temp`, `gpio` binary
 * sensor) for an ESP32: an HX711 per shelf with `accuracy_decimals: 3` (the default 0 reports whole
 * kilograms), a DS18B20 probe, a reed switch. Entity names are the bound object ids, so the
 * state topics match the bindings (`<prefix>/sensor/<object_id>/state`).
 */

/** Free ESP32 GPIOs for the HX711 boards: [DOUT, SCK] per shelf (input-capable, not strapping). */
const HX711_PINS: ReadonlyArray<[string, string]> = [
  ['GPIO16', 'GPIO17'],
  ['GPIO18', 'GPIO19'],
  ['GPIO21', 'GPIO22'],
  ['GPIO23', 'GPIO25'],
  ['GPIO26', 'GPIO27'],
  ['GPIO32', 'GPIO33'],
];

const objectId = (b: SensorBinding, component: string) =>
  b.source.startsWith(`${component}/`) ? b.source.slice(component.length + 1) : null;

function entities(
  bindings: readonly SensorBinding[],
  role: SensorBinding['role'],
  component: string,
  fallback: string[],
) {
  const ids = bindings
    .filter((b) => b.role === role)
    .map((b) => objectId(b, component))
    .filter((id): id is string => id !== null);
  return ids.length > 0 ? [...new Set(ids)] : fallback;
}

export const esphomeConfig: ConfigWriter = ({ deviceId, password, mqttUrl, root, bindings }) => {
  const { host, port } = brokerAddress(mqttUrl);
  const shelves = entities(bindings, 'weight', 'sensor', ['shelf_1']);
  const probes = entities(bindings, 'temperature', 'sensor', ['fridge_temperature']);
  const doors = entities(bindings, 'door', 'binary_sensor', ['door']);
  const lines = [
    '# ESPHome device file: fill in the Wi-Fi, then `esphome run` (or the ESPHome web installer).',
    'esphome:',
    `  name: ${deviceId}`,
    'esp32:',
    '  board: esp32dev',
    'wifi:',
    '  ssid: "YOUR_WIFI_NAME"',
    '  password: "YOUR_WIFI_PASSWORD"',
    'logger:',
    'ota:',
    '  - platform: esphome',
    'mqtt:',
    `  broker: ${host}`,
    `  port: ${port}`,
    `  username: ${deviceId}`,
    `  password: "${password}"`,
    // The broker refuses any other client id (it holds sessions by device id).
    `  client_id: ${deviceId}`,
    `  topic_prefix: ${root}`,
    '  discovery: false',
    '# DS18B20 probe on GPIO4 with a 4.7 kΩ pull-up to 3.3 V (dallas_temp replaced dallas: in ESPHome 2024.6).',
    'one_wire:',
    '  - platform: gpio',
    '    pin: GPIO4',
    'sensor:',
    ...probes.flatMap((id) => [
      '  - platform: dallas_temp',
      `    name: "${id}"`,
      '    update_interval: 30s',
      '    accuracy_decimals: 2',
    ]),
    ...shelves.flatMap((id, index) => {
      const [dout, sck] = HX711_PINS[index % HX711_PINS.length] ?? ['GPIO16', 'GPIO17'];
      return [
        `  # Shelf "${id}": HX711 DOUT ${dout}, SCK ${sck}.`,
        '  # CALIBRATE: remove the two filters below, read the raw value empty and with a known',
        '  # weight (say 5 kg), then put both pairs back in place of the example numbers.',
        '  - platform: hx711',
        `    name: "${id}"`,
        `    dout_pin: ${dout}`,
        `    clk_pin: ${sck}`,
        '    gain: 128',
        '    update_interval: 10s',
        '    unit_of_measurement: kg',
        '    accuracy_decimals: 3',
        '    filters:',
        '      - calibrate_linear:',
        '          - 120 -> 0',
        '          - 810 -> 1',
      ];
    }),
    'binary_sensor:',
    ...doors.flatMap((id) => [
      '  # Reed switch between GPIO13 and GND; ON while the door is open (magnet away).',
      '  - platform: gpio',
      `    name: "${id}"`,
      '    device_class: door',
      '    pin:',
      '      number: GPIO13',
      '      mode: INPUT_PULLUP',
      '    filters:',
      '      - delayed_on_off: 100ms',
    ]),
    '',
  ];
  return { format: 'yaml', target: `ESPHome ${deviceId}.yaml`, text: lines.join('\n') };
};
