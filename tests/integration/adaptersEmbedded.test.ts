import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADAPTER_FRIDGES,
  connectAdapter,
  deviceDetails,
  registerAdapter,
  twoShelfFridge,
} from '../helpers/adapterDevices';
import {
  ADMIN_TOKEN,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

/**
 * Off-the-shelf devices through the embedded broker, with the payloads their projects document
 * (docs/protocol.md "Adapters"): the fridge page shows what a native device would make of them.
 */
describe('off-the-shelf devices on the embedded broker', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    for (const id of ADAPTER_FRIDGES) await system.createFridge(twoShelfFridge(id));
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await system.stop();
    data.remove();
  });

  it('Zigbee2MQTT: one bridge login feeds two fridges; contact true is closed; availability; unmapped names refused and counted', async () => {
    const created = await registerAdapter(system, {
      deviceId: 'z2m-bridge',
      kind: 'zigbee2mqtt',
      topic: 'zigbee2mqtt',
      bindings: [
        { source: 'elm/door', fridgeId: 'elm-st', role: 'door' },
        { source: 'elm/probe', fridgeId: 'elm-st', role: 'temperature' },
        { source: 'oak/door', fridgeId: 'oak-st', role: 'door' },
        { source: 'oak/door', fridgeId: 'oak-st', role: 'battery' },
      ],
    });
    expect(created.config.text).toContain('base_topic: zigbee2mqtt');
    expect(created.config.text).toContain(`password: '${created.password}'`);
    const bridge = await connectAdapter(system.mqttUrl, created);
    clients.push(bridge);
    // QoS 0, no seq, no ts: as Zigbee2MQTT sends by default.
    bridge.publish('zigbee2mqtt/bridge/state', '{"state":"online"}', { retain: true });
    bridge.publish(
      'zigbee2mqtt/elm/door',
      '{"contact":false,"linkquality":110,"battery":100,"voltage":3015}',
    );
    bridge.publish(
      'zigbee2mqtt/elm/probe',
      '{"temperature":4.14,"linkquality":70,"humidity":67.1,"pressure":994,"battery":74,"voltage":2955}',
    );
    bridge.publish('zigbee2mqtt/oak/door', '{"contact":true,"linkquality":110,"battery":87,"voltage":3015}');
    bridge.publish('zigbee2mqtt/garage/door', '{"contact":true,"linkquality":90}');
    await eventually(async () => {
      const elm = await system.fridge('elm-st');
      expect(elm.door.open).toBe(true);
      expect(elm.temperature.celsius).toBe(4.14);
      const oak = await system.fridge('oak-st');
      expect(oak.door.open).toBe(false);
      expect(oak.devices).toEqual([
        expect.objectContaining({ id: 'z2m-bridge', online: true, battery: 0.87 }),
      ]);
      expect(system.ingest.counters()['unmapped-source']).toBe(1);
    });
    const details = await deviceDetails(system, 'z2m-bridge');
    expect(details.fridgeIds).toEqual(['elm-st', 'oak-st']);
    expect(details.lastRefusal).toMatchObject({ reason: 'unmapped-source' });
    expect(details.lastRefusal?.detail).toContain('garage/door');
    const seen = await system.app.inject({
      url: '/api/devices/z2m-bridge/sources',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(seen.json().map((s: { source: string }) => s.source)).toContain('garage/door');

    bridge.publish('zigbee2mqtt/elm/door', '{"contact":true,"linkquality":110}');
    bridge.publish('zigbee2mqtt/elm/probe/availability', '{"state":"offline"}', { retain: true });
    await eventually(async () => {
      const elm = await system.fridge('elm-st');
      expect(elm.door.open).toBe(false);
      expect(elm.devices).toEqual([expect.objectContaining({ id: 'z2m-bridge', online: false })]);
      // The bridge itself is still there for the other fridge.
      expect((await system.fridge('oak-st')).devices[0]?.online).toBe(true);
    });
  });

  it('refuses, by the ACL, a device that publishes outside its own prefix, and closes it', async () => {
    const created = await registerAdapter(system, {
      deviceId: 'rogue-esp',
      kind: 'esphome',
      topic: 'rogue-esp',
      bindings: [{ source: 'binary_sensor/door', fridgeId: 'fir-st', role: 'door' }],
    });
    const rogue = await connectAdapter(system.mqttUrl, created);
    clients.push(rogue);
    const closed = new Promise<void>((resolve) => rogue.once('close', () => resolve()));
    const before = system.ingest.counters()['not-authorized'] ?? 0;
    // Another device's prefix, then our contract's topics: neither is this device's.
    rogue.publish('zigbee2mqtt/elm/door', '{"contact":false}');
    await closed;
    expect(system.ingest.counters()['not-authorized']).toBe(before + 1);
    expect((await system.fridge('elm-st')).door.open).toBe(false);
    const again = await connectAdapter(system.mqttUrl, created);
    clients.push(again);
    const closedAgain = new Promise<void>((resolve) => again.once('close', () => resolve()));
    again.publish('fridges/fir-st/door', 'open');
    await closedAgain;
    expect(system.ingest.counters()['not-authorized']).toBe(before + 2);
    expect((await system.fridge('fir-st')).door.open).toBeNull();
  });
});

describe('ESPHome, Tasmota and Shelly on the embedded broker', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  const clients: MqttClient[] = [];
  const sessions: number[] = [];

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    for (const id of ['elm-st', 'oak-st', 'ash-st']) await system.createFridge(twoShelfFridge(id));
    system.bus.on('doorSession', 'test', ({ openedAtMs }) => sessions.push(openedAtMs));
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await system.stop();
    data.remove();
  });

  let espLogin: { username: string; password: string };
  const esphome = {
    deviceId: 'elm-esp',
    kind: 'esphome',
    topic: 'elm-esp',
    bindings: [
      { source: 'sensor/fridge_temperature', fridgeId: 'elm-st', role: 'temperature' },
      { source: 'sensor/shelf_1', fridgeId: 'elm-st', role: 'weight', shelfId: 's1' },
      { source: 'sensor/shelf_2', fridgeId: 'elm-st', role: 'weight', shelfId: 's2' },
      // Wired so that the switch reads ON while the door is shut.
      { source: 'binary_sensor/door', fridgeId: 'elm-st', role: 'door', invert: true },
    ],
  };

  it('ESPHome: a visit becomes one door session and a stock estimate; an inverted door; whole kg warned; nan refused', async () => {
    const created = await registerAdapter(system, esphome);
    espLogin = created;
    expect(created.config.text).toContain('accuracy_decimals: 3');
    expect(created.config.text).toContain('platform: hx711');
    expect(created.config.text).toContain('topic_prefix: elm-esp');
    const esp = await connectAdapter(system.mqttUrl, created, {
      will: { topic: 'elm-esp/status', payload: Buffer.from('offline'), qos: 0, retain: true },
    });
    clients.push(esp);
    // ESPHome publishes every state retained at QoS 0, as plain text.
    const state = (object: string, value: string) =>
      esp.publishAsync(`elm-esp/${object}/state`, value, { qos: 0, retain: true });
    await esp.publishAsync('elm-esp/status', 'online', { retain: true });
    await state('binary_sensor/door', 'ON');
    for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004]) {
      await state('sensor/shelf_1', (12 + noise).toFixed(3));
      await state('sensor/shelf_2', '7');
    }
    await state('sensor/fridge_temperature', '3.9');
    await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.door.open).toBe(false);
      expect(status.temperature.celsius).toBe(3.9);
      expect(status.stock.uncertaintyKg).not.toBeNull();
    });

    await state('binary_sensor/door', 'OFF');
    for (const kg of [10.1, 5.3, 9.4]) await state('sensor/shelf_1', kg.toFixed(3));
    await state('binary_sensor/door', 'ON');
    for (const noise of [0.004, -0.006, 0.002, -0.001, 0.005, -0.003]) {
      await state('sensor/shelf_1', (9 + noise).toFixed(3));
      await state('sensor/shelf_2', '7');
    }
    const after = await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.activity.today.visits).toBe(1);
      return status;
    });
    expect(after.activity.today.takenKg).toBeCloseTo(3, 1);
    expect(sessions).toHaveLength(1);

    await state('sensor/fridge_temperature', 'nan');
    await eventually(() => expect(system.ingest.counters()['not-a-number']).toBe(1));
    expect((await system.fridge('elm-st')).temperature.celsius).toBe(3.9);

    const details = await deviceDetails(system, 'elm-esp');
    const warnings = Object.fromEntries(details.bindings.map((b) => [b.source, b.warning]));
    expect(warnings).toMatchObject({ 'sensor/shelf_1': null, 'sensor/shelf_2': 'whole-kg' });
    expect(details.lastRefusal).toMatchObject({ reason: 'not-a-number' });
  });

  it('ESPHome: the will marks it offline; rebinding keeps the login; states re-sent on reconnect make no phantom session', async () => {
    const [esp] = clients.splice(0, 1);
    // The connection drops without a DISCONNECT: the broker publishes the will.
    esp?.stream.destroy();
    await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.devices).toEqual([expect.objectContaining({ id: 'elm-esp', online: false })]);
    });
    const rebound = await system.app.inject({
      method: 'PUT',
      url: '/api/devices/elm-esp/bindings',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { bindings: esphome.bindings },
    });
    expect(rebound.statusCode).toBe(200);
    expect(rebound.json().bindings).toHaveLength(4);

    const before = await system.fridge('elm-st');
    const again = await connectAdapter(system.mqttUrl, espLogin);
    clients.push(again);
    // What ESPHome does on every connect: its birth message, then every state again, retained.
    await again.publishAsync('elm-esp/status', 'online', { retain: true });
    for (const [object, value] of [
      ['binary_sensor/door', 'ON'],
      ['sensor/shelf_1', '9.002'],
      ['sensor/shelf_2', '7'],
      ['sensor/fridge_temperature', '4.0'],
    ] as const) {
      await again.publishAsync(`elm-esp/${object}/state`, value, { qos: 0, retain: true });
    }
    await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.temperature.celsius).toBe(4);
      expect(status.devices[0]?.online).toBe(true);
    });
    const after = await system.fridge('elm-st');
    expect(after.door).toEqual(before.door);
    expect(after.activity.today.visits).toBe(1);
    expect(sessions).toHaveLength(1);
  });

  it('Tasmota: telemetry in Fahrenheit is converted; the load cell and switch feed another fridge; the LWT marks it offline', async () => {
    const created = await registerAdapter(system, {
      deviceId: 'oak-tasmota',
      kind: 'tasmota',
      topic: 'oakfridge',
      bindings: [
        { source: 'DS18B20', fridgeId: 'oak-st', role: 'temperature' },
        { source: 'HX711', fridgeId: 'oak-st', role: 'weight', shelfId: 's1' },
        { source: 'Switch1', fridgeId: 'oak-st', role: 'door' },
      ],
    });
    expect(created.config.text).toMatch(
      /^Backlog MqttHost \S+; MqttPort \d+; MqttUser oak-tasmota; MqttPassword \S+; MqttClient oak-tasmota; Topic oakfridge; TelePeriod 30; WeightRes 3; SwitchMode1 15/m,
    );
    const tasmota = await connectAdapter(system.mqttUrl, created, {
      will: { topic: 'tele/oakfridge/LWT', payload: Buffer.from('Offline'), qos: 1, retain: true },
    });
    clients.push(tasmota);
    await tasmota.publishAsync('tele/oakfridge/LWT', 'Online', { qos: 1, retain: true });
    await tasmota.publishAsync(
      'tele/oakfridge/SENSOR',
      '{"Time":"2026-12-01T11:00:05","Switch1":"OFF","DS18B20":{"Id":"00000566CC39","Temperature":39.2},"HX711":{"Weight":8.125,"WeightRaw":8125,"AbsRaw":845123},"TempUnit":"F"}',
    );
    await eventually(async () => {
      const oak = await system.fridge('oak-st');
      expect(oak.temperature.celsius).toBe(4);
      expect(oak.door.open).toBe(false);
      expect(oak.shelves[0]?.kg).toBeCloseTo(6.125, 3);
      expect(oak.devices).toEqual([expect.objectContaining({ id: 'oak-tasmota', online: true })]);
    });
    await tasmota.publishAsync('stat/oakfridge/RESULT', '{"Switch1":{"Action":"ON"}}');
    await eventually(async () => expect((await system.fridge('oak-st')).door.open).toBe(true));
    clients.splice(clients.indexOf(tasmota), 1);
    tasmota.stream.destroy();
    await eventually(async () => expect((await system.fridge('oak-st')).devices[0]?.online).toBe(false));
  });

  it('Shelly: a Plus H&T NotifyStatus and a Gen1 Door/Window 2 feed a fridge', async () => {
    const plus = await registerAdapter(system, {
      deviceId: 'ash-ht',
      kind: 'shelly',
      topic: 'shellyplusht-08b61fcb7f3c',
      bindings: [{ source: 'temperature:0', fridgeId: 'ash-st', role: 'temperature' }],
    });
    const dw2 = await registerAdapter(system, {
      deviceId: 'ash-dw2',
      kind: 'shelly',
      topic: 'shellies/shellydw2-483FDA825F4D',
      bindings: [
        { source: 'sensor/state', fridgeId: 'ash-st', role: 'door' },
        { source: 'sensor/battery', fridgeId: 'ash-st', role: 'battery' },
      ],
    });
    const ht = await connectAdapter(system.mqttUrl, plus);
    const door = await connectAdapter(system.mqttUrl, dw2);
    clients.push(ht, door);
    await ht.publishAsync(
      'shellyplusht-08b61fcb7f3c/events/rpc',
      '{"src":"shellyplusht-08b61fcb7f3c","dst":"shellyplusht-08b61fcb7f3c/events","method":"NotifyStatus","params":{"ts":1796119200.00,"temperature:0":{"id":0,"tC":3.8,"tF":38.8}}}',
      { qos: 1 },
    );
    await door.publishAsync('shellies/shellydw2-483FDA825F4D/sensor/state', 'open');
    await door.publishAsync('shellies/shellydw2-483FDA825F4D/sensor/battery', '87');
    await eventually(async () => {
      const ash = await system.fridge('ash-st');
      expect(ash.temperature.celsius).toBe(3.8);
      expect(ash.door.open).toBe(true);
      expect(ash.devices.find((d) => d.id === 'ash-dw2')?.battery).toBe(0.87);
    });
  });
});
