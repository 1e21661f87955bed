import { describe, expect, it } from 'vitest';
import {
  createEncoder,
  type DeviceEncoder,
  defaultFormatTopic,
  type FormatContext,
  type FormatMessage,
  tasmotaTime,
} from '../../firmware-sim/formats';
import type { SensorReading } from '../../firmware-sim/types';

const AT = Date.UTC(2021, 0, 2, 8, 9, 44);
const context = (topic: string, overrides: Partial<FormatContext> = {}): FormatContext => ({
  fridgeId: 'elm-st',
  deviceId: 'elm-sensor',
  topic,
  shelfIds: ['top', 'middle'],
  health: { battery: 1, rssi: -72.5 },
  utcOffsetMinutes: 60,
  ...overrides,
});
const door = (open: boolean, atMs = AT): SensorReading => ({
  atMs,
  fridgeId: 'elm-st',
  value: { kind: 'door', open },
});
const temperature = (celsius: number, atMs = AT): SensorReading => ({
  atMs,
  fridgeId: 'elm-st',
  value: { kind: 'temperature', celsius },
});
const weight = (shelfId: string, kg: number, atMs = AT): SensorReading => ({
  atMs,
  fridgeId: 'elm-st',
  value: { kind: 'weight', shelfId, kg },
});
const wire = (messages: FormatMessage[]) => messages.map((m) => `${m.topic} ${m.payload}`);
/** The keys, in order, and the type of each value: what an upstream example fixes of a payload. */
const shape = (json: string) =>
  Object.entries(JSON.parse(json) as Record<string, unknown>).map(([key, value]) => [key, typeof value]);

describe('Zigbee2MQTT encoder', () => {
  const z2m: DeviceEncoder = createEncoder('zigbee2mqtt', context('zigbee2mqtt'));

  it('sends a door as an Aqara contact sensor does, contact true meaning closed', () => {
    const [shut] = z2m.reading(door(false));
    // Verbatim from a Zigbee2MQTT MCCGQ11LM (sensor-formats.md).
    const upstream = '{"contact":true,"linkquality":110,"battery":100,"voltage":3015}';
    expect(shut?.topic).toBe('zigbee2mqtt/elm-st/door');
    expect(shape(shut?.payload ?? '{}')).toEqual(shape(upstream));
    expect(JSON.parse(shut?.payload ?? '{}')).toMatchObject({
      contact: true,
      linkquality: 110,
      battery: 100,
    });
    expect(JSON.parse(z2m.reading(door(true))[0]?.payload ?? '{}').contact).toBe(false);
    expect(shut).toMatchObject({ qos: 0, retain: false });
  });

  it('sends a temperature as a Sonoff SNZB-02 does, to 0.01 °C; no weights (Zigbee has no load cells)', () => {
    const [probe] = z2m.reading(temperature(7.1375));
    expect(probe?.topic).toBe('zigbee2mqtt/elm-st/probe');
    expect(JSON.parse(probe?.payload ?? '{}')).toMatchObject({
      temperature: 7.14,
      linkquality: 110,
      battery: 100,
    });
    expect(z2m.reading(weight('top', 12.5))).toEqual([]);
  });

  it('announces the bridge and each sensor online (retained), the bridge offline as its will', () => {
    const fresh = createEncoder('zigbee2mqtt', context('zigbee2mqtt'));
    expect(wire(fresh.online(AT))).toEqual([
      'zigbee2mqtt/bridge/state {"state":"online"}',
      'zigbee2mqtt/elm-st/door/availability {"state":"online"}',
      'zigbee2mqtt/elm-st/probe/availability {"state":"online"}',
    ]);
    expect(fresh.online(AT).every((m) => m.retain)).toBe(true);
    // At startup the bridge sends each device's cached state (cache_state_send_on_startup).
    expect(wire(z2m.online(AT)).slice(3)).toEqual([
      'zigbee2mqtt/elm-st/door {"contact":false,"linkquality":110,"battery":100,"voltage":3100}',
      'zigbee2mqtt/elm-st/probe {"temperature":7.14,"linkquality":110,"battery":100,"voltage":3100}',
    ]);
    expect(z2m.will()).toMatchObject({
      topic: 'zigbee2mqtt/bridge/state',
      payload: '{"state":"offline"}',
      retain: true,
    });
  });
});

describe('ESPHome encoder', () => {
  const esp = () => createEncoder('esphome', context('elm-esp'));

  it('sends plain text states, retained at QoS 0: ON/OFF, °C to 0.1, kg to 0.001', () => {
    const encoder = esp();
    expect(wire(encoder.reading(door(true)))).toEqual(['elm-esp/binary_sensor/door/state ON']);
    expect(wire(encoder.reading(door(false)))).toEqual(['elm-esp/binary_sensor/door/state OFF']);
    expect(wire(encoder.reading(temperature(4.1875)))).toEqual(['elm-esp/sensor/temperature/state 4.2']);
    expect(wire(encoder.reading(weight('top', 12.3456)))).toEqual(['elm-esp/sensor/shelf_top/state 12.346']);
    expect(encoder.reading(door(true))[0]).toMatchObject({ retain: true, qos: 0 });
  });

  it('says online at connect with every state again, and offline as its will', () => {
    const encoder = esp();
    encoder.reading(door(false));
    encoder.reading(weight('middle', 3));
    expect(wire(encoder.online(AT))).toEqual([
      'elm-esp/status online',
      'elm-esp/binary_sensor/door/state OFF',
      'elm-esp/sensor/shelf_middle/state 3.000',
      'elm-esp/sensor/battery/state 100',
    ]);
    expect(encoder.will()).toMatchObject({ topic: 'elm-esp/status', payload: 'offline', retain: true });
  });
});

describe('Tasmota encoder', () => {
  it('writes Time as local time without an offset, as Tasmota does', () => {
    expect(tasmotaTime(AT, 60)).toBe('2021-01-02T09:09:44');
  });

  it('sends the switch at once (SwitchMode 15) and one SENSOR report per TelePeriod with DS18B20 and HX711', () => {
    const encoder = createEncoder('tasmota', context('tasmota_elm'), { telePeriodMs: 30_000 });
    expect(wire(encoder.reading(door(true)))).toEqual([
      'tele/tasmota_elm/SENSOR {"Time":"2021-01-02T09:09:44","Switch1":"ON"}',
    ]);
    expect(encoder.reading(temperature(13.3125, AT + 5_000))).toEqual([]);
    expect(encoder.reading(weight('top', 12.3456, AT + 6_000))).toEqual([]);
    // The second shelf: Tasmota drives one HX711.
    expect(encoder.reading(weight('middle', 5, AT + 7_000))).toEqual([]);
    const [report] = encoder.reading(temperature(13.3, AT + 31_000));
    expect(report?.topic).toBe('tele/tasmota_elm/SENSOR');
    expect(JSON.parse(report?.payload ?? '{}')).toEqual({
      Time: '2021-01-02T09:10:14',
      Switch1: 'ON',
      DS18B20: { Id: expect.stringMatching(/^[0-9A-F]{12}$/), Temperature: 13.3 },
      HX711: { Weight: 12.346, WeightRaw: 12346, AbsRaw: expect.any(Number) },
      TempUnit: 'C',
    });
    // Keys in Tasmota's order (xsns_05_ds18x20.ino example: Time, sensors, TempUnit last).
    expect(Object.keys(JSON.parse(report?.payload ?? '{}'))).toEqual([
      'Time',
      'Switch1',
      'DS18B20',
      'HX711',
      'TempUnit',
    ]);
    expect(report).toMatchObject({ qos: 0, retain: false });
  });

  it('clamps a negative weight to 0 as Tasmota does, and has its LWT Online/Offline', () => {
    const encoder = createEncoder('tasmota', context('t1'), { telePeriodMs: 10_000 });
    encoder.reading(weight('top', -0.2));
    const [report] = encoder.reading(weight('top', -0.2, AT + 10_000));
    expect(JSON.parse(report?.payload ?? '{}').HX711).toMatchObject({ Weight: 0, WeightRaw: 0 });
    expect(wire(encoder.online(AT))).toEqual(['tele/t1/LWT Online']);
    expect(encoder.will()).toMatchObject({ topic: 'tele/t1/LWT', payload: 'Offline', retain: true });
  });
});

describe('Shelly Gen2 encoder', () => {
  it('sends NotifyStatus on <prefix>/events/rpc with params.ts in seconds and temperature:0 {tC, tF}', () => {
    const encoder = createEncoder('shelly', context('shellyplus-elm'));
    const [message] = encoder.reading(temperature(19.8, 1_706_784_634_550));
    expect(message?.topic).toBe('shellyplus-elm/events/rpc');
    expect(JSON.parse(message?.payload ?? '{}')).toEqual({
      src: 'shellyplus-elm',
      dst: 'shellyplus-elm/events',
      method: 'NotifyStatus',
      // Verbatim component from a Plus H&T (sensor-formats.md).
      params: { ts: 1706784634.55, 'temperature:0': { id: 0, tC: 19.8, tF: 67.6 } },
    });
    expect(encoder.reading(weight('top', 3))).toEqual([]);
    const [shut] = encoder.reading(door(false, AT));
    expect(JSON.parse(shut?.payload ?? '{}').params['input:0']).toEqual({ id: 0, state: true });
  });

  it('is online true (retained) with a full status, false as its will', () => {
    const encoder = createEncoder('shelly', context('sh1'));
    encoder.reading(temperature(4, AT));
    const [online, full] = encoder.online(AT);
    expect(online).toMatchObject({ topic: 'sh1/online', payload: 'true', retain: true });
    expect(JSON.parse(full?.payload ?? '{}')).toMatchObject({
      method: 'NotifyFullStatus',
      params: { 'temperature:0': { tC: 4 }, 'devicepower:0': { battery: { percent: 100 } } },
    });
    expect(encoder.will()).toMatchObject({ topic: 'sh1/online', payload: 'false', retain: true });
  });
});

describe('default roots', () => {
  it('uses Zigbee2MQTT default base topic, and the device id for the others', () => {
    expect(defaultFormatTopic('zigbee2mqtt', 'sim-1-device')).toBe('zigbee2mqtt');
    expect(defaultFormatTopic('esphome', 'sim-1-device')).toBe('sim-1-device');
  });
});
