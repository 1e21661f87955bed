import type { AedesPublishPacket, Client } from 'aedes';
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVER_CLIENT_ID } from '../../contract/ids';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

/** CONNACK return code 2, MQTT 3.1.1 §3.2.2.3. */
const IDENTIFIER_REJECTED = 2;

const oakAvenue = { ...elmStreet, id: 'oak-ave', name: 'Oak Ave fridge' };

/** The CONNACK return code MQTT.js reports for a refused login; throws if the login succeeded. */
async function refusalCode(login: Promise<MqttClient>): Promise<number | undefined> {
  try {
    const client = await login;
    await client.endAsync(true);
  } catch (err) {
    return (err as { code?: number }).code;
  }
  throw new Error('the login was accepted');
}

/** Collects the payloads a client receives, in order. */
function inbox(client: MqttClient): string[] {
  const received: string[] = [];
  client.on('message', (_topic, payload) => received.push(payload.toString()));
  return received;
}

describe('client ids are bound to device credentials', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let elm: DeviceRegistration;
  let oak: DeviceRegistration;
  let oakNeighbour: DeviceRegistration;
  const open: MqttClient[] = [];
  const connect = async (reg: DeviceRegistration, extra = {}) => {
    const client = await connectDevice(system.mqttUrl, reg, extra);
    open.push(client);
    return client;
  };

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
    await system.createFridge(oakAvenue);
    elm = await system.registerDevice('elm-st', 'elm-sensor');
    oak = await system.registerDevice('oak-ave', 'oak-sensor');
    oakNeighbour = await system.registerDevice('oak-ave', 'oak-door');
  });
  afterEach(async () => {
    for (const client of open.splice(0)) await client.endAsync(true);
    await system.stop();
    data.remove();
  });

  /** oak-door publishes a temperature on its own fridge, QoS 1, and waits for the PUBACK. */
  const publishOakTemperature = async (celsius: number) => {
    const publisher = await connectDevice(system.mqttUrl, oakNeighbour);
    try {
      await publisher.publishAsync('fridges/oak-ave/temperature', `{"celsius": ${celsius}}`, { qos: 1 });
    } finally {
      await publisher.endAsync();
    }
  };

  it("refuses a device that presents another device's client id; the holder keeps its session and its messages", async () => {
    const holder = await connect(oak);
    const received = inbox(holder);
    await holder.subscribeAsync('fridges/oak-ave/temperature', { qos: 1 });

    // elm-sensor's own, valid password, oak-sensor's client id, a persistent session.
    const takeover = connectDevice(system.mqttUrl, elm, { clientId: oak.username, clean: false });
    expect(await refusalCode(takeover)).toBe(IDENTIFIER_REJECTED);
    expect(holder.connected).toBe(true);
    await publishOakTemperature(4);
    await eventually(() => expect(received).toEqual(['{"celsius": 4}']));

    // Offline: the broker queues QoS 1 messages for oak-sensor's session; nobody else may collect them.
    await holder.endAsync();
    await publishOakTemperature(5);
    expect(await refusalCode(connectDevice(system.mqttUrl, elm, { clientId: oak.username }))).toBe(
      IDENTIFIER_REJECTED,
    );
    const back = await connect(oak);
    const queued = inbox(back);
    await eventually(() => expect(queued).toEqual(['{"celsius": 5}']));
  });

  it("refuses a device that presents the server's client id, and the server stays connected", async () => {
    const health = async () => (await system.app.inject({ url: '/api/health' })).statusCode;
    expect(await health()).toBe(200);
    const takeover = connectDevice(system.mqttUrl, elm, { clientId: SERVER_CLIENT_ID });
    expect(await refusalCode(takeover)).toBe(IDENTIFIER_REJECTED);
    expect(await health()).toBe(200);
    // The server still publishes: a reading reaches a subscriber through the server's `state`.
    const watcher = await connect(oak);
    const received = inbox(watcher);
    await watcher.subscribeAsync('fridges/oak-ave/state', { qos: 1 });
    await publishOakTemperature(6);
    await eventually(() => expect(received.some((p) => JSON.parse(p).temperature?.celsius === 6)).toBe(true));
    expect(await health()).toBe(200);
  });

  it('refuses an empty client id and a client id that merely starts with the device id', async () => {
    expect(await refusalCode(connectDevice(system.mqttUrl, elm, { clientId: '', clean: true }))).toBe(
      IDENTIFIER_REJECTED,
    );
    expect(await refusalCode(connectDevice(system.mqttUrl, elm, { clientId: `${elm.username}-2` }))).toBe(
      IDENTIFIER_REJECTED,
    );
    // Its own id still works, as firmware and the simulator connect.
    const own = await connect(elm);
    expect(own.connected).toBe(true);
  });

  it("does not register a device under the server's client id", async () => {
    const res = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/devices',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { deviceId: SERVER_CLIENT_ID },
    });
    expect(res.statusCode).toBe(409);
  });

  it("forwards to a device's session only what its device may subscribe to", async () => {
    const broker = system.broker;
    if (!broker) throw new Error('embedded broker expected');
    const session = { id: elm.username, conn: { remoteAddress: '127.0.0.1' } } as unknown as Client;
    await new Promise<void>((resolve, reject) =>
      broker.aedes.authenticate(session, elm.username, Buffer.from(elm.password), (err, ok) =>
        err || !ok ? reject(err ?? new Error('not authenticated')) : resolve(),
      ),
    );
    const packet = (topic: string) =>
      ({
        cmd: 'publish',
        topic,
        payload: Buffer.from('{}'),
        qos: 1,
        retain: false,
        dup: false,
      }) as AedesPublishPacket;
    expect(broker.aedes.authorizeForward(session, packet('fridges/elm-st/requests'))).not.toBeNull();
    expect(broker.aedes.authorizeForward(session, packet('fridges/oak-ave/temperature'))).toBeNull();
    expect(broker.aedes.authorizeForward(session, packet('$SYS/broker/clients'))).toBeNull();
    // A client that never logged in receives nothing.
    const stranger = { id: 'stranger', conn: {} } as unknown as Client;
    expect(broker.aedes.authorizeForward(stranger, packet('fridges/elm-st/requests'))).toBeNull();
  });
});
