import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import {
  awaitMessages,
  DISCOVERY_TOPIC,
  type DiscoveryConfig,
  entityState,
  listeningClient,
  renderValueTemplate,
} from '../helpers/homeAssistant';
import { startMosquitto } from '../helpers/mosquitto';
import { freePorts, startServerProcess } from '../helpers/serverProcess';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const HA_PASSWORD = 'home-assistant-secret-0123';
const HA_LOGIN = { username: 'homeassistant', password: HA_PASSWORD, clientId: 'home-assistant-test' };
const ELM_CONFIGS = /^homeassistant\/(sensor|binary_sensor)\/fridge_monitor_elm-st\/[a-z_]+\/config$/;

/** What each entity must declare, from Home Assistant's sensor and binary sensor documentation. */
const EXPECTED = {
  'sensor/stock_percent': { unit_of_measurement: '%', state_class: 'measurement' },
  'sensor/stock_level': { device_class: 'enum', options: ['empty', 'few', 'many', 'full'] },
  'sensor/stock_kg': { device_class: 'weight', unit_of_measurement: 'kg', state_class: 'measurement' },
  'sensor/temperature': {
    device_class: 'temperature',
    unit_of_measurement: '°C',
    state_class: 'measurement',
  },
  'sensor/temperature_status': { device_class: 'enum', options: ['ok', 'warning', 'critical', 'unknown'] },
  'binary_sensor/door': { device_class: 'door', payload_on: 'True', payload_off: 'False' },
  'binary_sensor/online': { device_class: 'connectivity', payload_on: 'True', payload_off: 'False' },
} as const;

function configsByEntity(messages: Array<{ topic: string; payload: string }>): Map<string, DiscoveryConfig> {
  const configs = new Map<string, DiscoveryConfig>();
  for (const { topic, payload } of messages) {
    const match = DISCOVERY_TOPIC.exec(topic);
    if (!match) throw new Error(`${topic} is not a discovery topic`);
    configs.set(`${match[1]}/${match[3]}`, JSON.parse(payload) as DiscoveryConfig);
  }
  return configs;
}

describe('Home Assistant discovery on the embedded broker', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { homeAssistantMqttPassword: HA_PASSWORD });
    await system.createFridge(elmStreet);
  });
  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  it('announces each fridge as a device whose seven entities read the published state', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12 }), { qos: 1 });
    await device.publishAsync(reg.topics.shelves.s2 as string, '6', { qos: 1 });
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4.2 }), { qos: 1 });
    await device.publishAsync(reg.topics.door, 'open', { qos: 1 });
    // Home Assistant subscribes once the broker holds the readings' last status, retained. A
    // subscriber that arrives while the retained state changes can get aedes' replay of the
    // previous state after the live new one (the replay is read before, and delivered after, a
    // concurrent publish), so the last message it saw would be stale until the fridge's next change.
    // The templates are what this test checks; that race is written up in docs/home-assistant.md.
    const probe = await listeningClient(system.mqttUrl, { ...HA_LOGIN, clientId: 'home-assistant-probe' });
    await probe.client.subscribeAsync('fridges/elm-st/state', { qos: 1 });
    await eventually(() => {
      const shown = probe.received.map((m) => JSON.parse(m.payload) as FridgeStatus);
      expect(
        shown.some((s) => s.door.open === true && s.stock.kg === 14 && s.temperature.celsius === 4.2),
      ).toBe(true);
    }, 20_000);
    await probe.client.endAsync();

    const ha = await listeningClient(system.mqttUrl, HA_LOGIN);
    await ha.client.subscribeAsync(['homeassistant/#', 'fridges/+/state', 'fridge-monitor/status'], {
      qos: 1,
    });
    const configs = configsByEntity(await awaitMessages(ha.received, ELM_CONFIGS, 7));
    expect([...configs.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    const [serverStatus] = await awaitMessages(ha.received, /^fridge-monitor\/status$/, 1);
    expect(serverStatus).toMatchObject({ payload: 'online', retain: true });
    await awaitMessages(ha.received, /^fridges\/elm-st\/state$/, 1);

    const uniqueIds = new Set<string>();
    const entityStates: Record<string, unknown> = {};
    for (const [entity, config] of configs) {
      expect(config).toMatchObject(EXPECTED[entity as keyof typeof EXPECTED]);
      expect(config.state_topic).toBe('fridges/elm-st/state');
      expect(config.availability).toEqual([
        { topic: 'fridge-monitor/status', payload_available: 'online', payload_not_available: 'offline' },
      ]);
      expect(config.device).toMatchObject({
        identifiers: ['fridge_monitor_elm-st'],
        name: 'Elm St fridge',
        manufacturer: 'Community fridge monitor',
        model: 'Community fridge',
      });
      expect(config.origin.name).toBe('Community fridge monitor');
      expect(config.unique_id).toMatch(/^fridge_monitor_elm-st_/);
      uniqueIds.add(config.unique_id);
    }
    expect(uniqueIds.size).toBe(7);
    // The state topic is published at once after a quiet spell and then at most every 100 ms, so
    // the readings' last effects (the stock estimate) may come in a later message than the first:
    // what Home Assistant shows is what the latest retained state renders to.
    await eventually(() => {
      const latest = ha.received.filter((m) => m.topic === 'fridges/elm-st/state').at(-1);
      const shown = JSON.parse(latest?.payload ?? '') as FridgeStatus;
      for (const [entity, config] of configs) {
        entityStates[entity] = entityState(config, renderValueTemplate(config.value_template, shown));
      }
      // 12 and 6 kg read, 2 kg tare each: 14 of 40 kg.
      expect(entityStates).toEqual({
        'sensor/stock_percent': 35,
        'sensor/stock_level': 'few',
        'sensor/stock_kg': 14,
        'sensor/temperature': 4.2,
        'sensor/temperature_status': shown.temperature.status,
        'binary_sensor/door': true,
        'binary_sensor/online': true,
      });
      // The estimate waits for the shelves to settle: seconds on a loaded machine.
    }, 20_000);
    await device.endAsync();
    await ha.client.endAsync();
  });

  it("announces again when Home Assistant says it is online, and on a rename; Home Assistant's login reads nothing else", async () => {
    const ha = await listeningClient(system.mqttUrl, HA_LOGIN);
    await ha.client.subscribeAsync('homeassistant/#', { qos: 1 });
    await awaitMessages(ha.received, ELM_CONFIGS, 7);
    const before = ha.received.length;
    await ha.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
    const again = await awaitMessages(ha.received, ELM_CONFIGS, 7, before);
    expect(again.every((message) => message.payload.length > 0)).toBe(true);

    const renamedAt = ha.received.length;
    const renamed = await system.app.inject({
      method: 'PATCH',
      url: '/api/fridges/elm-st',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: 'Elm Street community fridge' },
    });
    expect(renamed.statusCode).toBe(200);
    const renamedConfigs = await awaitMessages(ha.received, ELM_CONFIGS, 7, renamedAt);
    expect((JSON.parse(renamedConfigs[0]?.payload ?? '') as DiscoveryConfig).device.name).toBe(
      'Elm Street community fridge',
    );

    for (const filter of ['fridges/+/door', 'fridges/elm-st/shelves/s1/weight', '#']) {
      // SUBACK 0x80: refused, while the connection stays up.
      await expect(ha.client.subscribeAsync(filter, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    }
    expect(ha.client.connected).toBe(true);
    // Speaking for a sensor is a device's business: the broker closes the connection.
    const closed = new Promise<void>((resolve) => ha.client.once('close', () => resolve()));
    ha.client.publish('fridges/elm-st/door', 'open', { qos: 1 });
    await closed;
    expect((await system.fridge('elm-st')).door.open).toBeNull();
    await ha.client.endAsync(true);
  });

  it('removes the entities with an empty retained config when the fridge is deleted', async () => {
    const ha = await listeningClient(system.mqttUrl, HA_LOGIN);
    await ha.client.subscribeAsync('homeassistant/#', { qos: 1 });
    await awaitMessages(ha.received, ELM_CONFIGS, 7);
    const before = ha.received.length;
    const deleted = await system.app.inject({
      method: 'DELETE',
      url: '/api/fridges/elm-st',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(deleted.statusCode).toBe(204);
    const removals = await awaitMessages(ha.received, ELM_CONFIGS, 7, before);
    expect(removals.map((message) => message.payload)).toEqual(Array(7).fill(''));
    await ha.client.endAsync();

    // A Home Assistant that starts later finds nothing retained for the deleted fridge.
    const later = await listeningClient(system.mqttUrl, { ...HA_LOGIN, clientId: 'home-assistant-later' });
    await later.client.subscribeAsync(['homeassistant/#', 'fridge-monitor/status'], { qos: 1 });
    await awaitMessages(later.received, /^fridge-monitor\/status$/, 1);
    expect(later.received.filter((message) => ELM_CONFIGS.test(message.topic))).toEqual([]);
    await later.client.endAsync();
  });

  it("refuses Home Assistant's login with a wrong password or a device's client id", async () => {
    await system.registerDevice('elm-st', 'elm-sensor');
    await expect(
      listeningClient(system.mqttUrl, { ...HA_LOGIN, password: 'wrong-password-0123456' }),
    ).rejects.toThrow();
    await expect(listeningClient(system.mqttUrl, { ...HA_LOGIN, clientId: 'elm-sensor' })).rejects.toThrow();
  });
});

describe('Home Assistant discovery is a setting', () => {
  it('publishes nothing with HA_DISCOVERY=0, even to a Home Assistant that may log in', async () => {
    const data = tempDataDir();
    const system = await startTestSystem(data.dir, {
      homeAssistantMqttPassword: HA_PASSWORD,
      homeAssistantDiscovery: false,
    });
    try {
      await system.createFridge(elmStreet);
      const ha = await listeningClient(system.mqttUrl, HA_LOGIN);
      await ha.client.subscribeAsync(['homeassistant/#', 'fridges/+/state'], { qos: 1 });
      // The state is retained and arrives; no discovery config comes with it or after a birth message.
      await awaitMessages(ha.received, /^fridges\/elm-st\/state$/, 1);
      await ha.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
      await ha.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
      await awaitMessages(ha.received, /^homeassistant\/status$/, 2);
      expect(ha.received.filter((message) => ELM_CONFIGS.test(message.topic))).toEqual([]);
      await ha.client.endAsync();
    } finally {
      await system.stop();
      data.remove();
    }
  });
});

describe("Home Assistant discovery on Debian's Mosquitto", () => {
  it('is on by default with an external broker, answers the birth message, and goes offline with the server', async () => {
    const data = tempDataDir();
    const mosquitto = await startMosquitto(data.dir);
    let system: TestSystem | null = await startTestSystem(data.dir, { mqttUrl: mosquitto.url });
    const ha = await listeningClient(mosquitto.url, { clientId: 'home-assistant-test' });
    try {
      await system.createFridge(elmStreet);
      await ha.client.subscribeAsync(['homeassistant/#', 'fridge-monitor/status'], { qos: 1 });
      const configs = configsByEntity(await awaitMessages(ha.received, ELM_CONFIGS, 7));
      expect([...configs.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
      expect(configs.get('sensor/temperature')).toMatchObject({
        ...EXPECTED['sensor/temperature'],
        state_topic: 'fridges/elm-st/state',
        unique_id: 'fridge_monitor_elm-st_temperature',
      });
      await awaitMessages(ha.received, /^fridge-monitor\/status$/, 1);
      expect(ha.received.find((message) => message.topic === 'fridge-monitor/status')?.payload).toBe(
        'online',
      );

      const before = ha.received.length;
      await ha.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
      await awaitMessages(ha.received, ELM_CONFIGS, 7, before);

      const stoppedAt = ha.received.length;
      await system.stop();
      system = null;
      const [offline] = await awaitMessages(ha.received, /^fridge-monitor\/status$/, 1, stoppedAt);
      expect(offline?.payload).toBe('offline');
    } finally {
      await ha.client.endAsync();
      await system?.stop();
      await mosquitto.stop();
      data.remove();
    }
  });

  it('sends no config again after a clean restart behind the same broker, and all of them on the birth message', async () => {
    const data = tempDataDir();
    const mosquitto = await startMosquitto(data.dir);
    let system: TestSystem | null = await startTestSystem(data.dir, { mqttUrl: mosquitto.url });
    const ha = await listeningClient(mosquitto.url, { clientId: 'home-assistant-test' });
    const elmConfigs = (from: number) =>
      ha.received.slice(from).filter((message) => ELM_CONFIGS.test(message.topic));
    try {
      await system.createFridge(elmStreet);
      await ha.client.subscribeAsync('homeassistant/#', { qos: 1 });
      await awaitMessages(ha.received, ELM_CONFIGS, 7);
      await system.stop();
      system = null;

      // Mosquitto still holds the seven configs retained: the restart leaves them alone.
      const restartedAt = ha.received.length;
      system = await startTestSystem(data.dir, { mqttUrl: mosquitto.url });
      // A barrier on the same connection: a new fridge's configs come after anything queued before.
      await system.createFridge({ ...elmStreet, id: 'oak-st', name: 'Oak St fridge' });
      await awaitMessages(ha.received, /fridge_monitor_oak-st\/[a-z_]+\/config$/, 7, restartedAt);
      expect(elmConfigs(restartedAt)).toEqual([]);

      // Home Assistant's birth message still gets every config.
      const bornAt = ha.received.length;
      await ha.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
      await awaitMessages(ha.received, ELM_CONFIGS, 7, bornAt);
    } finally {
      await ha.client.endAsync();
      await system?.stop();
      await mosquitto.stop();
      data.remove();
    }
  });

  it('says offline through its last will when the server process is killed, so Home Assistant shows it unavailable', async () => {
    const data = tempDataDir();
    const mosquitto = await startMosquitto(data.dir);
    const server = await startServerProcess({
      dataDir: data.dir,
      ...(await freePorts()),
      env: { MQTT_URL: mosquitto.url },
    });
    const ha = await listeningClient(mosquitto.url, { clientId: 'home-assistant-test' });
    try {
      await ha.client.subscribeAsync('fridge-monitor/status', { qos: 1 });
      await eventually(() => expect(ha.received.at(-1)?.payload).toBe('online'));
      const killedAt = ha.received.length;
      await server.kill9();
      const [will] = await awaitMessages(ha.received, /^fridge-monitor\/status$/, 1, killedAt);
      expect(will?.payload).toBe('offline');
    } finally {
      await ha.client.endAsync();
      await server.kill9();
      await mosquitto.stop();
      data.remove();
    }
  }, 60_000);
});
