import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceCreated, DeviceDetails } from '../../contract/devices';
import { ADMIN_TOKEN, type TestSystem } from './testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** `POST /api/devices` as an organiser; fails the test on anything but 201. */
/** The fridges the adapter tests feed: two 20 kg shelves, so a shelf reading maps to a known tare. */
export const ADAPTER_FRIDGES = ['elm-st', 'oak-st', 'ash-st', 'fir-st'] as const;

export const twoShelfFridge = (id: string) => ({
  id,
  name: `${id} fridge`,
  kind: 'fridge',
  shelves: [
    { id: 's1', tareKg: 2, capacityKg: 20 },
    { id: 's2', tareKg: 2, capacityKg: 20 },
  ],
});

export async function registerAdapter(system: TestSystem, body: object): Promise<DeviceCreated> {
  const res = await system.app.inject({ method: 'POST', url: '/api/devices', headers: auth, payload: body });
  if (res.statusCode !== 201) throw new Error(`register device: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function deviceDetails(system: TestSystem, deviceId: string): Promise<DeviceDetails> {
  const res = await system.app.inject({ url: `/api/devices/${deviceId}`, headers: auth });
  if (res.statusCode !== 200) throw new Error(`device details: ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * An off-the-shelf device's MQTT connection as its firmware makes it: its login, client id = the
 * device id (as the ready config sets), clean session (ESPHome, Tasmota and Zigbee2MQTT default).
 */
export function connectAdapter(
  url: string,
  created: { username: string; password: string },
  extra: mqtt.IClientOptions = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username: created.username,
    password: created.password,
    clientId: created.username,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    ...extra,
  });
}

/** Oak St's Tasmota scale: no seq in its format, two readings per message (temperature, weight). */
export const oakTasmota = {
  topic: 'tele/oakfridge/SENSOR',
  /** The registration (`POST /api/devices`). */
  device: {
    deviceId: 'oak-tasmota',
    kind: 'tasmota',
    topic: 'oakfridge',
    bindings: [
      { source: 'DS18B20', fridgeId: 'oak-st', role: 'temperature' },
      { source: 'HX711', fridgeId: 'oak-st', role: 'weight', shelfId: 's1' },
    ],
  },
  /** Its `tele/…/SENSOR` message. */
  sensor: (kg: number, celsius = 4) =>
    JSON.stringify({
      DS18B20: { Id: '00000566CC39', Temperature: celsius },
      HX711: { Weight: kg },
      TempUnit: 'C',
    }),
  /** What one message stores (the gross weight: the tare is taken off later). */
  readingsOf: (kg: number, celsius = 4) => [`temperature ${celsius}`, `weight ${kg}`],
};
