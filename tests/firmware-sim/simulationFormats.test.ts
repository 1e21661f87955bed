import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulationFridge, SimulationHandle } from '../../firmware-sim';
import { startSimulation } from '../../firmware-sim';
import type { SensorFormat } from '../../firmware-sim/formats';
import { threeShelves } from './fixtures';
import {
  type ReceivedMessage,
  startSubscriber,
  startTestBroker,
  type TestBroker,
  waitFor,
} from './testBroker';

const START_MS = Date.UTC(2026, 11, 1, 10, 0);
const FRIDGE: SimulationFridge = {
  fridgeId: 'f1',
  kind: 'fridge',
  shelves: threeShelves(),
  device: { deviceId: 'f1-dev', username: 'f1-dev', password: 'secret-f1' },
  // The door stands open from 10 s to 30 s: one open and one close on the wire.
  faults: [{ kind: 'doorLeftOpen', startAfterMs: 10_000, durationMs: 20_000 }],
};

/** What each format puts on the wire in a minute: topics (sorted), and the door's payloads in order. */
const EXPECTED: Record<
  Exclude<SensorFormat, 'native'>,
  { topics: string[]; door: string[]; doorTopic: string }
> = {
  zigbee2mqtt: {
    topics: [
      'zigbee2mqtt/bridge/state',
      'zigbee2mqtt/f1/door',
      'zigbee2mqtt/f1/door/availability',
      'zigbee2mqtt/f1/probe',
      'zigbee2mqtt/f1/probe/availability',
    ],
    doorTopic: 'zigbee2mqtt/f1/door',
    // The door read at boot, sent from the bridge's state cache when it connects.
    door: [
      '{"contact":true,"linkquality":136,"battery":84,"voltage":3036}',
      '{"contact":false,"linkquality":136,"battery":84,"voltage":3036}',
      '{"contact":true,"linkquality":136,"battery":84,"voltage":3036}',
    ],
  },
  esphome: {
    topics: [
      'f1-dev/binary_sensor/door/state',
      'f1-dev/sensor/battery/state',
      'f1-dev/sensor/shelf_s1/state',
      'f1-dev/sensor/shelf_s2/state',
      'f1-dev/sensor/shelf_s3/state',
      'f1-dev/sensor/temperature/state',
      'f1-dev/status',
    ],
    doorTopic: 'f1-dev/binary_sensor/door/state',
    // The door as reported at boot, sent again with every state when it connects (as ESPHome does).
    door: ['OFF', 'ON', 'OFF'],
  },
  tasmota: {
    topics: ['tele/f1-dev/LWT', 'tele/f1-dev/SENSOR'],
    doorTopic: 'tele/f1-dev/SENSOR',
    door: ['{"Time":"2026-12-01T10:00:10","Switch1":"ON"}', '{"Time":"2026-12-01T10:00:30","Switch1":"OFF"}'],
  },
  shelly: {
    topics: ['f1-dev/events/rpc', 'f1-dev/online'],
    doorTopic: 'f1-dev/events/rpc',
    door: [
      '{"src":"f1-dev","dst":"f1-dev/events","method":"NotifyStatus","params":{"ts":1796119210,"input:0":{"id":0,"state":false}}}',
      '{"src":"f1-dev","dst":"f1-dev/events","method":"NotifyStatus","params":{"ts":1796119230,"input:0":{"id":0,"state":true}}}',
    ],
  },
};

describe('the simulator speaking other ecosystems into a real broker', { timeout: 15_000 }, () => {
  let broker: TestBroker;
  let subscriber: { client: MqttClient; messages: ReceivedMessage[] };
  let simulation: SimulationHandle | null = null;
  let nowMs = START_MS;

  beforeEach(async () => {
    nowMs = START_MS;
    broker = await startTestBroker({ 'f1-dev': 'secret-f1' });
    subscriber = await startSubscriber(broker.url, '#');
  });
  afterEach(async () => {
    await simulation?.stop();
    simulation = null;
    await subscriber.client.endAsync();
    await broker.close();
  });

  for (const [format, expected] of Object.entries(EXPECTED) as Array<
    [Exclude<SensorFormat, 'native'>, (typeof EXPECTED)['esphome']]
  >) {
    it(`${format}: the topics and payloads a real subscriber sees, retained where the project retains`, async () => {
      const handle = await startSimulation({
        mqttUrl: broker.url,
        fridges: [{ ...FRIDGE, format }],
        profile: 'still',
        speed: 1,
        clock: { nowMs: () => nowMs },
        seed: 4,
        tickMs: 10,
        utcOffsetMinutes: 0,
      });
      simulation = handle;
      await waitFor('a connection', () => handle.stats()[0]?.connected === true);
      for (let s = 5; s <= 60; s += 5) {
        nowMs = START_MS + s * 1000;
        await waitFor(
          `second ${s}`,
          () => handle.truth('f1')?.atMs === nowMs && handle.stats()[0]?.inFlight === 0,
        );
      }
      const topics = [...new Set(subscriber.messages.map((m) => m.topic))].sort();
      await waitFor(
        'every topic',
        () => [...new Set(subscriber.messages.map((m) => m.topic))].length === expected.topics.length,
      );
      expect([...new Set(subscriber.messages.map((m) => m.topic))].sort()).toEqual(expected.topics);
      expect(topics.every((t) => expected.topics.includes(t))).toBe(true);
      const doorPayloads = subscriber.messages
        .filter((m) => m.topic === expected.doorTopic)
        .map((m) => String(m.payload))
        .filter((p) =>
          /^(ON|OFF)$|"contact"|^\{"Time":"[^"]+","Switch1":"(ON|OFF)"\}$|"input:0":\{"id":0,"state"/.test(p),
        )
        .filter((p) => !p.includes('NotifyFullStatus'));
      expect(doorPayloads).toEqual(expected.door);
      // What a subscriber arriving later learns: the retained messages.
      const late = await startSubscriber(broker.url, '#');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await late.client.endAsync();
      const retained = [...new Set(late.messages.filter((m) => m.retain).map((m) => m.topic))].sort();
      expect(retained).toEqual(
        {
          zigbee2mqtt: [
            'zigbee2mqtt/bridge/state',
            'zigbee2mqtt/f1/door/availability',
            'zigbee2mqtt/f1/probe/availability',
          ],
          esphome: expected.topics,
          tasmota: ['tele/f1-dev/LWT'],
          shelly: ['f1-dev/online'],
        }[format],
      );
      await handle.stop();
      const goodbye = subscriber.messages.at(-1);
      expect(`${goodbye?.topic} ${goodbye?.payload}`).toBe(
        {
          zigbee2mqtt: 'zigbee2mqtt/bridge/state {"state":"offline"}',
          esphome: 'f1-dev/status offline',
          tasmota: 'tele/f1-dev/LWT Offline',
          shelly: 'f1-dev/online false',
        }[format],
      );
    });
  }
});
