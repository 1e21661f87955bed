import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { connectPacket, publishPacket, rawExchange } from '../helpers/rawMqtt';
import {
  connectDevice,
  elmStreet,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const FRIDGES = ['elm-st', 'oak-ave'] as const;
const DEVICES = [
  { id: 'elm-a', fridgeId: 'elm-st' },
  { id: 'elm-b', fridgeId: 'elm-st' },
  { id: 'oak-a', fridgeId: 'oak-ave' },
] as const;
type Device = (typeof DEVICES)[number];

/** Every topic kind of the contract, as seen from one device, with a valid payload for it. */
const TOPIC_KINDS = {
  door: (fridge: string) => ({ topic: `fridges/${fridge}/door`, payload: '{"open": true}' }),
  temperature: (fridge: string) => ({ topic: `fridges/${fridge}/temperature`, payload: '{"celsius": 4}' }),
  weight: (fridge: string) => ({ topic: `fridges/${fridge}/shelves/s1/weight`, payload: '{"kg": 7}' }),
  ownStatus: (fridge: string, device: Device) => ({
    topic: `fridges/${fridge}/devices/${device.id}/status`,
    payload: '{"online": true}',
  }),
  otherStatus: (fridge: string, device: Device) => ({
    topic: `fridges/${fridge}/devices/${DEVICES.find((d) => d.id !== device.id)?.id}/status`,
    payload: '{"online": true}',
  }),
  state: (fridge: string) => ({ topic: `fridges/${fridge}/state`, payload: '{"id": "spoof"}' }),
  requests: (fridge: string) => ({ topic: `fridges/${fridge}/requests`, payload: '{}' }),
} as const;
type TopicKind = keyof typeof TOPIC_KINDS;

/**
 * The rule of docs/protocol.md, written out independently of broker/acl.ts: a device publishes
 * only its own fridge's sensors and its own status, and subscribes only under its own fridge.
 */
function expectedPublish(device: Device, fridge: string, kind: TopicKind): boolean {
  return fridge === device.fridgeId && ['door', 'temperature', 'weight', 'ownStatus'].includes(kind);
}
function expectedSubscribe(device: Device, fridge: string): boolean {
  return fridge === device.fridgeId;
}

/** Topic tricks no device may publish to; each must be refused with the connection closed. */
const TRICK_TOPICS = [
  'fridges/elm-st/../oak-ave/door',
  'fridges/elm-st//door',
  'fridges/elm-st/door/',
  '/fridges/elm-st/door',
  'fridges//door',
  'fridges/ELM-ST/door',
  'fridges/elm-st/shelves/../weight',
  'fridges/elm-st/shelves/s1/weight/extra',
  'fridges/elm-st/devices/+/status',
  'fridges/elm-st/#',
  'fridges/+/door',
  '#',
  '$SYS/broker/clients',
  '$quarantine/fridges/elm-st/door',
  'fridges/elm-st/door\u0000',
  'fridges/élm-st/door',
  'fridges/elm-st/devices/elm-a/status/../../elm-b/status',
];

/** Wildcard filters a device may not subscribe to (SUBACK 0x80), even from its own fridge. */
const TRICK_FILTERS = [
  '#',
  '+/+/door',
  'fridges/+/door',
  'fridges/#',
  '$SYS/#',
  'fridges/elm-st/../oak-ave/#',
];

type Outcome = 'allowed' | 'refused';

describe('ACL matrix: every device × topic kind × fridge × publish/subscribe', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  const registrations = new Map<string, DeviceRegistration>();

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
    await system.createFridge({ ...elmStreet, id: 'oak-ave', name: 'Oak Ave' });
    for (const device of DEVICES) {
      registrations.set(device.id, await system.registerDevice(device.fridgeId, device.id));
    }
  });
  afterAll(async () => {
    await system.stop();
    data.remove();
  });

  async function connect(device: Device): Promise<MqttClient> {
    const reg = registrations.get(device.id);
    if (!reg) throw new Error(`not registered: ${device.id}`);
    return connectDevice(system.mqttUrl, reg);
  }

  /** Publishes at QoS 1: a PUBACK is "allowed", the broker closing the connection is "refused". */
  async function tryPublish(client: MqttClient, topic: string, payload: string): Promise<Outcome> {
    const closed = new Promise<Outcome>((resolve) => client.once('close', () => resolve('refused')));
    const acked = client.publishAsync(topic, payload, { qos: 1 }).then(
      () => 'allowed' as const,
      () => 'refused' as const,
    );
    return Promise.race([acked, closed]);
  }

  it('lets each device publish only to the allowed cells, and nothing else changes', async () => {
    const observed: Record<string, Outcome> = {};
    const expected: Record<string, Outcome> = {};
    const storedBefore = system.ingest.storedReadings();
    const refusedBefore = system.ingest.counters()['not-authorized'] ?? 0;
    for (const device of DEVICES) {
      let client = await connect(device);
      for (const fridge of FRIDGES) {
        for (const [kind, topicFor] of Object.entries(TOPIC_KINDS) as Array<
          [TopicKind, typeof TOPIC_KINDS.door]
        >) {
          const { topic, payload } = (
            topicFor as (f: string, d: Device) => { topic: string; payload: string }
          )(fridge, device);
          const cell = `${device.id} publish ${kind}@${fridge}`;
          expected[cell] = expectedPublish(device, fridge, kind) ? 'allowed' : 'refused';
          observed[cell] = await tryPublish(client, topic, payload);
          if (!client.connected) {
            await client.endAsync(true);
            client = await connect(device);
          }
        }
      }
      await client.endAsync();
    }
    expect(observed).toEqual(expected);
    const allowed = Object.values(expected).filter((o) => o === 'allowed').length;
    const refused = Object.values(expected).length - allowed;
    // Every allowed cell was a valid reading, stored; every refused one counted, none stored.
    expect(system.ingest.storedReadings() - storedBefore).toBe(allowed);
    expect((system.ingest.counters()['not-authorized'] ?? 0) - refusedBefore).toBe(refused);
    const oak = await system.fridge('oak-ave');
    expect(oak.temperature.celsius).toBe(4);
    expect(oak.devices.map((d) => d.id)).toEqual(['oak-a']);
  });

  it('lets each device subscribe only under its own fridge', async () => {
    const observed: Record<string, Outcome> = {};
    const expected: Record<string, Outcome> = {};
    for (const device of DEVICES) {
      const client = await connect(device);
      for (const fridge of FRIDGES) {
        const filters = [
          ...Object.values(TOPIC_KINDS).map((topicFor) => topicFor(fridge, device).topic),
          `fridges/${fridge}/#`,
          `fridges/${fridge}/shelves/+/weight`,
        ];
        for (const filter of filters) {
          const cell = `${device.id} subscribe ${filter}`;
          expected[cell] = expectedSubscribe(device, fridge) ? 'allowed' : 'refused';
          observed[cell] = await client.subscribeAsync(filter, { qos: 1 }).then(
            (granted) => (granted.every((g) => g.qos !== 128) ? 'allowed' : 'refused'),
            () => 'refused',
          );
        }
      }
      for (const filter of TRICK_FILTERS) {
        const cell = `${device.id} subscribe ${filter}`;
        expected[cell] = 'refused';
        observed[cell] = await client.subscribeAsync(filter, { qos: 1 }).then(
          (granted) => (granted.every((g) => g.qos !== 128) ? 'allowed' : 'refused'),
          () => 'refused',
        );
      }
      // A refused subscription answers SUBACK 0x80 and leaves the connection up.
      expect(client.connected).toBe(true);
      await client.endAsync();
    }
    expect(observed).toEqual(expected);
  });

  it('refuses every topic trick with the connection closed, and stores nothing', async () => {
    // Raw packets: MQTT.js would refuse some of these topics itself, before the broker sees them.
    const reg = registrations.get('elm-a');
    if (!reg) throw new Error('not registered');
    const port = Number(new URL(system.mqttUrl).port);
    const storedBefore = system.ingest.storedReadings();
    const observed: Record<string, Outcome> = {};
    for (const topic of TRICK_TOPICS) {
      const answer = await rawExchange(port, [
        connectPacket({ clientId: reg.username, username: reg.username, password: reg.password }),
        publishPacket(topic, Buffer.from('{"open": true}')),
      ]);
      // CONNACK (4 bytes), then a PUBACK (0x40) only if the broker took the message.
      expect(answer.connack, topic).toBe(0);
      observed[topic] = answer.received.subarray(4).includes(0x40) ? 'allowed' : 'refused';
      expect(answer.closedByBroker, topic).toBe(true);
    }
    expect(observed).toEqual(Object.fromEntries(TRICK_TOPICS.map((t) => [t, 'refused'])));
    expect(system.ingest.storedReadings()).toBe(storedBefore);
  });
});
