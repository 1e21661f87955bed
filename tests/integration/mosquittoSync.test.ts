import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceIdentity, mayPublishTo } from '../../broker/acl';
import { exportMosquitto } from '../../server/adapters/mosquitto/exportCommand';
import { loadConfig } from '../../server/config';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { openDatabase } from '../../server/storage/database';
import { registerAdapter } from '../helpers/adapterDevices';
import { freePort, type RunningMosquitto, startMosquitto } from '../helpers/mosquitto';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const HA_PASSWORD = 'home-assistant-secret-0123';
const oakAvenue = { id: 'oak-ave', name: 'Oak Ave fridge', kind: 'fridge', shelves: [] };

/** Waits for a client's connection to end, as the broker ends it. */
const closed = (client: MqttClient) =>
  client.connected
    ? new Promise<void>((resolve) => client.once('close', () => resolve()))
    : Promise.resolve();

/** The device's login until Mosquitto has reloaded the files with it (the sync runs after the answer). */
const connectOnceSynced = (url: string, registration: { username: string; password: string }) =>
  eventually(() => connectDevice(url, registration));

describe('an external Mosquitto kept in step with the device registry (password and ACL files, SIGHUP)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mosquitto: RunningMosquitto;
  let system: TestSystem;
  let elmDevice: DeviceRegistration;
  let oakDevice: DeviceRegistration;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    data = tempDataDir();
    const port = await freePort();
    const files = {
      passwordFile: join(data.dir, 'mosquitto.passwd'),
      aclFile: join(data.dir, 'mosquitto.acl'),
      pidFile: join(data.dir, 'mosquitto.pid'),
    };
    const overrides = {
      mqttUrl: `mqtt://127.0.0.1:${port}`,
      mqttUsername: 'fridge-server',
      mqttPassword: 'server-secret-for-the-test',
      homeAssistantMqttPassword: HA_PASSWORD,
      mosquittoPasswordFile: files.passwordFile,
      mosquittoAclFile: files.aclFile,
      mosquittoPidFile: files.pidFile,
    };
    // As an operator would: `npm run export:mosquitto` first, so Mosquitto starts with the server's login.
    const db = openDatabase(data.dir);
    const exported = await exportMosquitto(db, loadConfig({}, { dataDir: data.dir, ...overrides }), {
      ...files,
      pidFile: null,
    });
    db.close();
    expect(exported[0]).toContain(
      '(0 devices, the server as "fridge-server", Home Assistant as "homeassistant")',
    );
    mosquitto = await startMosquitto(data.dir, port, files);
    system = await startTestSystem(data.dir, overrides);
    await system.createFridge(elmStreet);
    await system.createFridge(oakAvenue);
    elmDevice = await system.registerDevice('elm-st', 'elm-sensor');
    oakDevice = await system.registerDevice('oak-ave', 'oak-sensor');
  });
  afterAll(async () => {
    for (const client of clients) client.end(true);
    await system?.stop();
    await mosquitto?.stop();
    data.remove();
  });

  it('lets a registered device log in and publish, and the server stores its reading', async () => {
    const device = await connectOnceSynced(mosquitto.url, elmDevice);
    clients.push(device);
    await device.publishAsync('fridges/elm-st/temperature', JSON.stringify({ celsius: 5.5, seq: 1 }), {
      qos: 1,
    });
    await eventually(async () => expect((await system.fridge('elm-st')).temperature.celsius).toBe(5.5));
  });

  it("refuses a device publishing to another fridge's topic, and strangers and wrong passwords at login", async () => {
    // MQTT 5 so the refusal is visible: PUBACK with reason 0x87, not authorised (MQTT 5.0 §3.4.2.1).
    const oak = await eventually(() => connectDevice(mosquitto.url, oakDevice, { protocolVersion: 5 }));
    clients.push(oak);
    await expect(
      oak.publishAsync('fridges/elm-st/temperature', JSON.stringify({ celsius: 12, seq: 2 }), { qos: 1 }),
    ).rejects.toThrow(/not authorized|135/i);
    await oak.publishAsync('fridges/oak-ave/temperature', JSON.stringify({ celsius: 3.5, seq: 1 }), {
      qos: 1,
    });
    // The refused reading never reached the server: Oak's later one did, Elm keeps its own.
    await eventually(async () => expect((await system.fridge('oak-ave')).temperature.celsius).toBe(3.5));
    expect((await system.fridge('elm-st')).temperature.celsius).toBe(5.5);
    await expect(
      connectDevice(mosquitto.url, { username: oakDevice.username, password: elmDevice.password }),
    ).rejects.toThrow(/not authorized/i);
    await expect(
      connectDevice(mosquitto.url, { username: 'nobody', password: oakDevice.password }),
    ).rejects.toThrow(/not authorized/i);
  });

  it('cuts a revoked device off at once and refuses it from then on; other devices stay connected', async () => {
    const elm = clients[0] as MqttClient;
    const oak = clients[1] as MqttClient;
    expect(elm.connected).toBe(true);
    const cutOff = closed(elm);
    const res = await system.app.inject({ method: 'DELETE', url: '/api/devices/elm-sensor', headers: auth });
    expect(res.statusCode).toBe(204);
    await cutOff;
    await expect(connectDevice(mosquitto.url, elmDevice)).rejects.toThrow(/not authorized/i);
    expect(oak.connected).toBe(true);
    await oak.publishAsync('fridges/oak-ave/temperature', JSON.stringify({ celsius: 4, seq: 2 }), { qos: 1 });
    await eventually(async () => expect((await system.fridge('oak-ave')).temperature.celsius).toBe(4));
  });

  it('gives a device a new secret: the old login is cut off and refused, the new one publishes', async () => {
    const oak = clients[1] as MqttClient;
    const cutOff = closed(oak);
    const res = await system.app.inject({
      method: 'POST',
      url: '/api/devices/oak-sensor/secret',
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    const renewed = res.json() as { username: string; password: string };
    expect(renewed.username).toBe('oak-sensor');
    expect(renewed.password).not.toBe(oakDevice.password);
    await cutOff;
    await expect(connectDevice(mosquitto.url, oakDevice)).rejects.toThrow(/not authorized/i);
    const again = await connectOnceSynced(mosquitto.url, renewed);
    clients.push(again);
    await again.publishAsync('fridges/oak-ave/temperature', JSON.stringify({ celsius: 4.5, seq: 3 }), {
      qos: 1,
    });
    await eventually(async () => expect((await system.fridge('oak-ave')).temperature.celsius).toBe(4.5));
  });

  it("lets Mosquitto refuse exactly what the embedded broker's ACL refuses, for a native and an adapter device", async () => {
    const created = await registerAdapter(system, {
      deviceId: 'oak-tasmota',
      kind: 'tasmota',
      topic: 'oakfridge',
      bindings: [{ source: 'DS18B20', fridgeId: 'oak-ave', role: 'temperature' }],
    });
    const native = await system.registerDevice('oak-ave', 'oak-native');
    const cases: Array<{ login: { username: string; password: string }; identity: DeviceIdentity }> = [
      {
        login: created,
        identity: {
          deviceId: 'oak-tasmota',
          fridgeId: 'oak-ave',
          adapter: { kind: 'tasmota', root: 'oakfridge' },
        },
      },
      { login: native, identity: { deviceId: 'oak-native', fridgeId: 'oak-ave', adapter: null } },
    ];
    const names = [
      'tele/oakfridge/SENSOR',
      'stat/oakfridge/RESULT',
      'tele/oakfridge',
      'cmnd/oakfridge/Power',
      'tele/oakfridge2/SENSOR',
      'fridges/oak-ave/temperature',
      'fridges/oak-ave/door',
      'fridges/oak-ave/shelves/s1/weight',
      'fridges/oak-ave/devices/oak-native/status',
      'fridges/oak-ave/devices/oak-sensor/status',
      'fridges/oak-ave/state',
      'fridges/oak-ave/requests',
      'fridges/elm-st/door',
      'homeassistant/sensor/x/config',
      'fridge-monitor/status',
    ];
    for (const { login, identity } of cases) {
      const client = await eventually(() => connectDevice(mosquitto.url, login, { protocolVersion: 5 }));
      clients.push(client);
      for (const name of names) {
        // Not a reading: what the broker lets through, the server refuses as malformed.
        const published = client.publishAsync(name, 'not a reading', { qos: 1 }).then(
          () => true,
          () => false,
        );
        expect(await published, `${identity.deviceId} → ${name}`).toBe(mayPublishTo(identity, name));
      }
    }
  });

  it("gives Home Assistant its login with the embedded broker's rights: public state, its own status", async () => {
    const login = { username: 'homeassistant', password: HA_PASSWORD };
    const ha = await connectDevice(mosquitto.url, login, { protocolVersion: 5, clientId: 'ha' });
    clients.push(ha);
    const state = new Promise<string>((resolve) => ha.on('message', (topic) => resolve(topic)));
    await ha.subscribeAsync('fridges/+/state', { qos: 1 });
    expect(await state).toMatch(/^fridges\/(elm-st|oak-ave)\/state$/);
    await ha.publishAsync('homeassistant/status', 'online', { qos: 1 });
    await expect(ha.publishAsync('fridges/elm-st/temperature', '4', { qos: 1 })).rejects.toThrow(
      /not authorized/i,
    );
    await expect(ha.publishAsync('fridges/elm-st/state', '{}', { qos: 1 })).rejects.toThrow(
      /not authorized/i,
    );
  });

  it('lets an adapter device registered before any sensor is bound log in at once', async () => {
    const unbound = await registerAdapter(system, {
      deviceId: 'new-shelly',
      kind: 'shelly',
      topic: 'shelly-new',
      bindings: [],
    });
    const client = await eventually(() => connectDevice(mosquitto.url, unbound));
    clients.push(client);
    await client.publishAsync('shelly-new/online', 'true', { qos: 1 });
  });
});
