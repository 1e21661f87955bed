import { describe, expect, it } from 'vitest';
import { translateEsphome } from '../../../../server/adapters/sensors/esphome';
import { translateShelly } from '../../../../server/adapters/sensors/shelly';
import { translateTasmota } from '../../../../server/adapters/sensors/tasmota';
import type { Observation, Translation } from '../../../../server/adapters/sensors/types';
import { translateZigbee2mqtt } from '../../../../server/adapters/sensors/zigbee2mqtt';
import { binding } from './fixtures';

/** What each observation says, without its binding: the value a user would see. */
const said = (t: Translation) =>
  t.observations.map((o: Observation) => {
    const { binding: b, ...rest } = o as Observation & { binding?: { source: string } };
    return b ? { source: b.source, ...rest } : rest;
  });
const reasons = (t: Translation) => t.refusals.map((r) => r.reason);

describe('Zigbee2MQTT (payloads from zigbee2mqtt.io device pages, see docs/protocol.md)', () => {
  const bindings = [
    binding('fridge/door', 'door'),
    binding('fridge/door', 'battery'),
    binding('fridge-probe', 'temperature'),
  ];
  const z2m = (topic: string, payload: string) =>
    translateZigbee2mqtt({ topic, payload, root: 'zigbee2mqtt', bindings });

  it('reads an Aqara MCCGQ11LM contact as closed when true (friendly name with a slash)', () => {
    const closed = z2m(
      'zigbee2mqtt/fridge/door',
      '{"contact":true,"linkquality":110,"battery":100,"voltage":3015}',
    );
    expect(said(closed)).toEqual([
      { source: 'fridge/door', kind: 'door', open: false },
      { source: 'fridge/door', kind: 'battery', fraction: 1 },
    ]);
    expect(said(z2m('zigbee2mqtt/fridge/door', '{"contact":false}'))).toEqual([
      { source: 'fridge/door', kind: 'door', open: true },
    ]);
  });

  it('reads an Aqara WSDCGQ11LM temperature in °C and ignores the other fields', () => {
    const t = z2m(
      'zigbee2mqtt/fridge-probe',
      '{"temperature":7.14,"linkquality":70,"humidity":67.1,"pressure":994,"battery":74,"voltage":2955}',
    );
    expect(said(t)).toEqual([{ source: 'fridge-probe', kind: 'temperature', celsius: 7.14 }]);
    expect(t.refusals).toEqual([]);
  });

  it('maps availability (2.x JSON and 1.x plain) and the bridge state to online', () => {
    expect(said(z2m('zigbee2mqtt/fridge-probe/availability', '{"state":"offline"}'))).toEqual([
      { kind: 'availability', source: 'fridge-probe', online: false },
    ]);
    expect(said(z2m('zigbee2mqtt/fridge-probe/availability', 'online'))).toEqual([
      { kind: 'availability', source: 'fridge-probe', online: true },
    ]);
    expect(said(z2m('zigbee2mqtt/bridge/state', '{"state":"online"}'))).toEqual([
      { kind: 'availability', source: null, online: true },
    ]);
  });

  it('refuses a friendly name nobody bound, naming it; ignores the bridge’s own news', () => {
    const t = z2m('zigbee2mqtt/garage-sensor', '{"contact":true}');
    expect(reasons(t)).toEqual(['unmapped-source']);
    expect(t.seen).toEqual(['garage-sensor']);
    expect(z2m('zigbee2mqtt/bridge/devices', '[]')).toEqual({ observations: [], refusals: [], seen: [] });
    expect(z2m('zigbee2mqtt/fridge/door/set', '{"x":1}').observations).toEqual([]);
  });

  it('takes numbers sent as strings, refuses a non-object, honours invert and output: attribute', () => {
    expect(said(z2m('zigbee2mqtt/fridge-probe', '{"temperature":"4.5"}'))).toEqual([
      { source: 'fridge-probe', kind: 'temperature', celsius: 4.5 },
    ]);
    expect(reasons(z2m('zigbee2mqtt/fridge-probe', 'hot'))).toEqual(['malformed-payload']);
    const inverted = translateZigbee2mqtt({
      topic: 'zigbee2mqtt/d',
      payload: '{"contact":true}',
      root: 'zigbee2mqtt',
      bindings: [binding('d', 'door', { invert: true })],
    });
    expect(said(inverted)).toEqual([{ source: 'd', kind: 'door', open: true }]);
    expect(said(z2m('zigbee2mqtt/fridge-probe/temperature', '5.25'))).toEqual([
      { source: 'fridge-probe', kind: 'temperature', celsius: 5.25 },
    ]);
  });
});

describe('ESPHome (MQTT component: plain state topics)', () => {
  const bindings = [
    binding('sensor/fridge_temperature', 'temperature'),
    binding('sensor/shelf_1', 'weight'),
    binding('binary_sensor/door', 'door'),
  ];
  const esp = (topic: string, payload: string, list = bindings) =>
    translateEsphome({ topic, payload, root: 'elm-fridge', bindings: list });

  it('reads a sensor number, a binary sensor ON/OFF and the status birth/will', () => {
    expect(said(esp('elm-fridge/sensor/fridge_temperature/state', '4.2'))).toEqual([
      { source: 'sensor/fridge_temperature', kind: 'temperature', celsius: 4.2 },
    ]);
    expect(said(esp('elm-fridge/sensor/shelf_1/state', '12.345'))).toEqual([
      { source: 'sensor/shelf_1', kind: 'weight', kg: 12.345 },
    ]);
    expect(said(esp('elm-fridge/binary_sensor/door/state', 'ON'))).toEqual([
      { source: 'binary_sensor/door', kind: 'door', open: true },
    ]);
    expect(said(esp('elm-fridge/status', 'offline'))).toEqual([
      { kind: 'availability', source: null, online: false },
    ]);
  });

  it('flips a door wired the other way round (invert)', () => {
    const inverted = [binding('binary_sensor/door', 'door', { invert: true })];
    expect(said(esp('elm-fridge/binary_sensor/door/state', 'ON', inverted))).toEqual([
      { source: 'binary_sensor/door', kind: 'door', open: false },
    ]);
  });

  it('refuses nan as not-a-number, and an unbound entity as unmapped; logs are no reading', () => {
    expect(reasons(esp('elm-fridge/sensor/fridge_temperature/state', 'nan'))).toEqual(['not-a-number']);
    expect(reasons(esp('elm-fridge/sensor/wifi_signal/state', '-61'))).toEqual(['unmapped-source']);
    expect(esp('elm-fridge/debug', '[D][sensor:094]: hello')).toEqual({
      observations: [],
      refusals: [],
      seen: [],
    });
  });

  it('converts a probe bound in Fahrenheit and refuses a unit it cannot convert', () => {
    const f = [binding('sensor/fridge_temperature', 'temperature', { unit: 'F' })];
    expect(said(esp('elm-fridge/sensor/fridge_temperature/state', '39.2', f))).toEqual([
      { source: 'sensor/fridge_temperature', kind: 'temperature', celsius: 4 },
    ]);
    const kelvin = [binding('sensor/fridge_temperature', 'temperature', { unit: 'K' })];
    expect(reasons(esp('elm-fridge/sensor/fridge_temperature/state', '277', kelvin))).toEqual(['wrong-unit']);
  });
});

describe('Tasmota (tele/<topic>/SENSOR as xsns_05_ds18x20.ino and xsns_34_hx711.ino write it)', () => {
  const bindings = [
    binding('DS18B20-1', 'temperature'),
    binding('HX711', 'weight'),
    binding('Switch1', 'door'),
  ];
  const tas = (topic: string, payload: string) =>
    translateTasmota({ topic, payload, root: 'elmfridge', bindings });

  it('reads several probes, the load cell and a switch from one message; Time without offset is not used', () => {
    const t = tas(
      'tele/elmfridge/SENSOR',
      '{"Time":"2021-01-02T09:09:44","Switch1":"OFF","DS18B20-1":{"Id":"00000566CC39","Temperature":13.3},"DS18B20-2":{"Id":"000005670337","Temperature":13.2},"HX711":{"Weight":12.345,"WeightRaw":12345,"AbsRaw":845123},"TempUnit":"C"}',
    );
    expect(said(t)).toEqual([
      { source: 'DS18B20-1', kind: 'temperature', celsius: 13.3 },
      { source: 'HX711', kind: 'weight', kg: 12.345 },
      { source: 'Switch1', kind: 'door', open: false },
    ]);
    expect(t.refusals).toEqual([]);
    expect(t.deviceTimeMs).toBeUndefined();
    expect(t.seen).toEqual(['Switch1', 'DS18B20-1', 'DS18B20-2', 'HX711']);
  });

  it('converts TempUnit F and refuses any other unit', () => {
    const f = tas(
      'tele/elmfridge/SENSOR',
      '{"Time":"2021-01-02T09:09:44","DS18B20-1":{"Id":"1","Temperature":41.0},"TempUnit":"F"}',
    );
    expect(said(f)).toEqual([{ source: 'DS18B20-1', kind: 'temperature', celsius: 5 }]);
    const k = tas('tele/elmfridge/SENSOR', '{"DS18B20-1":{"Id":"1","Temperature":278},"TempUnit":"K"}');
    expect(reasons(k)).toEqual(['wrong-unit']);
  });

  it('reads the will, a switch action on stat/RESULT, and a zoned Time (SetOption52)', () => {
    expect(said(tas('tele/elmfridge/LWT', 'Offline'))).toEqual([
      { kind: 'availability', source: null, online: false },
    ]);
    expect(said(tas('stat/elmfridge/RESULT', '{"Switch1":{"Action":"ON"}}'))).toEqual([
      { source: 'Switch1', kind: 'door', open: true },
    ]);
    const zoned = tas('tele/elmfridge/SENSOR', '{"Time":"2026-12-01T11:00:00+01:00","HX711":{"Weight":3.5}}');
    expect(zoned.deviceTimeMs).toBe(Date.UTC(2026, 11, 1, 10, 0));
  });

  it('refuses a message of only unbound sensors, and a probe that reads null', () => {
    expect(
      reasons(tas('tele/elmfridge/SENSOR', '{"Time":"x","AM2301":{"Temperature":4,"Humidity":40}}')),
    ).toEqual(['unmapped-source']);
    expect(reasons(tas('tele/elmfridge/SENSOR', '{"DS18B20-1":{"Id":"1","Temperature":null}}'))).toEqual([
      'not-a-number',
    ]);
    expect(tas('tele/elmfridge/STATE', '{"Uptime":"0T00:10:00"}').observations).toEqual([]);
  });
});

describe('Shelly (Gen2 NotifyStatus, Gen1 Door/Window 2)', () => {
  it('reads a Plus H&T NotifyStatus with its UTC timestamp', () => {
    const t = translateShelly({
      topic: 'shellyplusht-08b61fcb7f3c/events/rpc',
      payload:
        '{"src":"shellyplusht-08b61fcb7f3c","dst":"shellyplusht-08b61fcb7f3c/events","method":"NotifyStatus","params":{"ts":1796119200.00,"temperature:0":{"id":0,"tC":3.8,"tF":38.8}}}',
      root: 'shellyplusht-08b61fcb7f3c',
      bindings: [binding('temperature:0', 'temperature')],
    });
    expect(said(t)).toEqual([{ source: 'temperature:0', kind: 'temperature', celsius: 3.8 }]);
    expect(t.deviceTimeMs).toBe(1796119200000);
  });

  it('reads a Gen1 Door/Window 2 open/close and its online flag', () => {
    const root = 'shellies/shellydw2-483FDA825F4D';
    const bindings = [binding('sensor/state', 'door'), binding('sensor/battery', 'battery')];
    expect(said(translateShelly({ topic: `${root}/sensor/state`, payload: 'open', root, bindings }))).toEqual(
      [{ source: 'sensor/state', kind: 'door', open: true }],
    );
    expect(said(translateShelly({ topic: `${root}/sensor/battery`, payload: '87', root, bindings }))).toEqual(
      [{ source: 'sensor/battery', kind: 'battery', fraction: 0.87 }],
    );
    expect(said(translateShelly({ topic: `${root}/online`, payload: 'false', root, bindings }))).toEqual([
      { kind: 'availability', source: null, online: false },
    ]);
    expect(reasons(translateShelly({ topic: `${root}/sensor/lux`, payload: '12', root, bindings }))).toEqual([
      'unmapped-source',
    ]);
  });
});
