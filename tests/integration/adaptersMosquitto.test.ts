import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTER_FRIDGES, deviceDetails, registerAdapter, twoShelfFridge } from '../helpers/adapterDevices';
import { type RunningMosquitto, startMosquitto } from '../helpers/mosquitto';
import { eventually, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const run = promisify(execFile);

/**
 * Off-the-shelf devices behind Debian's Mosquitto (the external-broker path): the server hears
 * them on the filters it subscribes to for each registered device; Debian's `mosquitto_pub` plays
 * Zigbee2MQTT, Tasmota and Shelly, MQTT.js plays ESPHome.
 */
describe('off-the-shelf devices behind an external Mosquitto', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mosquitto: RunningMosquitto;
  let system: TestSystem;
  const sessions: number[] = [];
  const pub = (topic: string, message: string, retain = false) =>
    run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(mosquitto.port),
      '-q',
      '0',
      '-t',
      topic,
      '-m',
      message,
      ...(retain ? ['-r'] : []),
    ]);

  beforeAll(async () => {
    data = tempDataDir();
    mosquitto = await startMosquitto(data.dir);
    system = await startTestSystem(data.dir, { mqttUrl: mosquitto.url });
    for (const id of ADAPTER_FRIDGES) await system.createFridge(twoShelfFridge(id));
    system.bus.on('doorSession', 'test', ({ openedAtMs }) => sessions.push(openedAtMs));
  });
  afterAll(async () => {
    await system.stop();
    await mosquitto.stop();
    data.remove();
  });

  it('Zigbee2MQTT through mosquitto_pub: door and probe feed the fridge; an unmapped friendly name is refused and counted', async () => {
    await registerAdapter(system, {
      deviceId: 'z2m-bridge',
      kind: 'zigbee2mqtt',
      topic: 'zigbee2mqtt',
      bindings: [
        { source: 'oak door', fridgeId: 'oak-st', role: 'door' },
        { source: 'oak probe', fridgeId: 'oak-st', role: 'temperature' },
      ],
    });
    await pub('zigbee2mqtt/oak door', '{"contact":false,"linkquality":110,"battery":100,"voltage":3015}');
    await pub('zigbee2mqtt/oak probe', '{"temperature":"5.5","linkquality":70,"humidity":67.1}');
    await pub('zigbee2mqtt/kitchen window', '{"contact":true,"linkquality":90}');
    await eventually(async () => {
      const oak = await system.fridge('oak-st');
      expect(oak.door.open).toBe(true);
      expect(oak.temperature.celsius).toBe(5.5);
      expect(system.ingest.counters()['unmapped-source']).toBe(1);
    });
    expect((await deviceDetails(system, 'z2m-bridge')).lastRefusal?.detail).toContain('kitchen window');
  });

  it('Tasmota and Shelly through mosquitto_pub: Fahrenheit converted, LWT offline, Gen2 temperature', async () => {
    await registerAdapter(system, {
      deviceId: 'ash-tasmota',
      kind: 'tasmota',
      topic: 'ashfridge',
      bindings: [
        { source: 'DS18B20-1', fridgeId: 'ash-st', role: 'temperature' },
        { source: 'HX711', fridgeId: 'ash-st', role: 'weight', shelfId: 's2' },
      ],
    });
    await registerAdapter(system, {
      deviceId: 'fir-ht',
      kind: 'shelly',
      topic: 'shellyplusht-08b61fcb7f3c',
      bindings: [{ source: 'temperature:0', fridgeId: 'fir-st', role: 'temperature' }],
    });
    await pub(
      'shellyplusht-08b61fcb7f3c/events/rpc',
      '{"src":"shellyplusht-08b61fcb7f3c","dst":"shellyplusht-08b61fcb7f3c/events","method":"NotifyStatus","params":{"ts":1796119200.00,"temperature:0":{"id":0,"tC":3.8,"tF":38.8}}}',
    );
    await pub(
      'tele/ashfridge/SENSOR',
      '{"Time":"2026-12-01T11:00:05","DS18B20-1":{"Id":"00000566CC39","Temperature":41.0},"DS18B20-2":{"Id":"000005670337","Temperature":40.1},"HX711":{"Weight":6.5,"WeightRaw":6500,"AbsRaw":845123},"TempUnit":"F"}',
    );
    await pub('tele/ashfridge/LWT', 'Offline', true);
    await eventually(async () => {
      const ash = await system.fridge('ash-st');
      expect(ash.temperature.celsius).toBe(5);
      expect(ash.shelves[1]?.kg).toBeCloseTo(4.5, 3);
      expect(ash.devices).toEqual([expect.objectContaining({ id: 'ash-tasmota', online: false })]);
      expect((await system.fridge('fir-st')).temperature.celsius).toBe(3.8);
    });
  });

  it('ESPHome through MQTT.js: a visit is one door session; after a server restart the retained states re-sent make no phantom one', async () => {
    await registerAdapter(system, {
      deviceId: 'elm-esp',
      kind: 'esphome',
      topic: 'elm-esp',
      bindings: [
        { source: 'sensor/shelf_1', fridgeId: 'elm-st', role: 'weight', shelfId: 's1' },
        { source: 'binary_sensor/door', fridgeId: 'elm-st', role: 'door' },
        { source: 'sensor/fridge_temperature', fridgeId: 'elm-st', role: 'temperature', unit: 'F' },
      ],
    });
    // Anonymous on this test Mosquitto, as a site's broker may allow; retained, QoS 0, plain text.
    const esp = await mqtt.connectAsync(mosquitto.url, { clientId: 'elm-esp', protocolVersion: 4 });
    const state = (object: string, value: string) =>
      esp.publishAsync(`elm-esp/${object}/state`, value, { qos: 0, retain: true });
    await state('binary_sensor/door', 'OFF');
    await state('sensor/fridge_temperature', '39.2');
    for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004])
      await state('sensor/shelf_1', (12 + noise).toFixed(3));
    await eventually(async () => expect((await system.fridge('elm-st')).stock.uncertaintyKg).not.toBeNull());
    await state('binary_sensor/door', 'ON');
    for (const kg of [10.1, 5.3, 9.4]) await state('sensor/shelf_1', kg.toFixed(3));
    await state('binary_sensor/door', 'OFF');
    for (const noise of [0.004, -0.006, 0.002, -0.001, 0.005, -0.003])
      await state('sensor/shelf_1', (9 + noise).toFixed(3));
    const visited = await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.activity.today.visits).toBe(1);
      return status;
    });
    expect(visited.temperature.celsius).toBe(4);
    expect(visited.activity.today.takenKg).toBeCloseTo(3, 1);
    expect(sessions).toHaveLength(1);
    await esp.endAsync();

    // The server restarts; subscribing again, it is handed every retained state once more.
    await system.stop();
    system = await startTestSystem(data.dir, { mqttUrl: mosquitto.url }, { clock: system.clock });
    // The shelf and the probe come again (stored); the door state, unchanged, is dropped.
    await eventually(() => expect(system.ingest.storedReadings()).toBeGreaterThanOrEqual(2));
    const after = await system.fridge('elm-st');
    expect(after.door).toEqual(visited.door);
    expect(after.activity.today.visits).toBe(1);
    const stored = await system.app.inject({ url: '/api/fridges/elm-st/sessions' });
    expect(stored.json()).toHaveLength(1);
  });
});
