import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDeviceMessage, topics } from '../../contract';
import type { SimulationFridge, SimulationHandle } from '../../firmware-sim';
import { startSimulation } from '../../firmware-sim';
import { threeShelves } from './fixtures';
import {
  type ReceivedMessage,
  startSubscriber,
  startTestBroker,
  type TestBroker,
  waitFor,
} from './testBroker';

const START_MS = Date.UTC(2026, 11, 1, 10, 0);
const MINUTE_MS = 60_000;
const FRIDGE: SimulationFridge = {
  fridgeId: 'f1',
  kind: 'fridge',
  shelves: threeShelves(),
  device: { deviceId: 'f1-dev', username: 'f1-dev', password: 'secret-f1' },
};

/** Measured time of a sensor reading (its `ts`); undefined for a device status. */
const measuredAt = (message: ReceivedMessage) => {
  const parsed = parseDeviceMessage(message.topic, message.payload);
  return parsed.ok && parsed.value.value.kind !== 'deviceStatus' ? parsed.value.deviceTimeMs : undefined;
};

describe('device faults on a live simulation against a real broker', { timeout: 15_000 }, () => {
  let broker: TestBroker;
  let subscriber: { client: MqttClient; messages: ReceivedMessage[] };
  let simulation: SimulationHandle | null = null;
  let nowMs = START_MS;
  const clock = { nowMs: () => nowMs };

  beforeEach(async () => {
    nowMs = START_MS;
    broker = await startTestBroker({ 'f1-dev': 'secret-f1' });
    subscriber = await startSubscriber(broker.url, 'fridges/#');
  });
  afterEach(async () => {
    await simulation?.stop();
    simulation = null;
    await subscriber.client.endAsync();
    await broker.close();
  });

  const start = async (fridge: SimulationFridge) => {
    simulation = await startSimulation({
      mqttUrl: broker.url,
      fridges: [fridge],
      speed: 1,
      clock,
      seed: 4,
      tickMs: 10,
      firstSeq: 0,
      utcOffsetMinutes: 0,
      profile: 'still',
    });
    return simulation;
  };

  it('deviceOffline: the link dies without a goodbye (the will), and what it measured meanwhile arrives after', async () => {
    const handle = await start({
      ...FRIDGE,
      faults: [{ kind: 'deviceOffline', startAfterMs: MINUTE_MS, durationMs: 2 * MINUTE_MS }],
    });
    await waitFor('a connection', () => handle.stats()[0]?.connected === true);
    nowMs += 90_000;
    const statusTopic = topics.deviceStatus('f1', 'f1-dev');
    await waitFor('the last will', () =>
      subscriber.messages.some((m) => m.topic === statusTopic && String(m.payload) === '{"online":false}'),
    );
    expect(handle.stats()[0]).toMatchObject({ connected: false, connections: 1 });
    expect(handle.truth('f1')?.faults).toEqual(['deviceOffline']);
    const heardBeforeReturn = subscriber.messages.length;
    expect(subscriber.messages.some((m) => (measuredAt(m) ?? 0) > START_MS + MINUTE_MS)).toBe(false);

    nowMs += 2 * MINUTE_MS;
    await waitFor('the upload', () =>
      subscriber.messages.some((m) => (measuredAt(m) ?? 0) >= START_MS + 3 * MINUTE_MS),
    );
    expect(handle.stats()[0]).toMatchObject({ connected: true, connections: 2, dropped: 0 });
    const upload = subscriber.messages.slice(heardBeforeReturn);
    // Back online (after what was in flight at the cut, resent as is), then the outage's readings.
    const onlineAt = upload.findIndex((m) => /"online":true/.test(String(m.payload)));
    const firstOfOutage = upload.findIndex((m) => (measuredAt(m) ?? 0) > START_MS + MINUTE_MS);
    expect(onlineAt).toBeGreaterThanOrEqual(0);
    expect(onlineAt).toBeLessThan(firstOfOutage);
    const measured = upload.map(measuredAt).filter((t): t is number => t !== undefined);
    expect(
      measured.filter((t) => t > START_MS + MINUTE_MS && t < START_MS + 3 * MINUTE_MS).length,
    ).toBeGreaterThan(30);
    expect(measured).toEqual([...measured].sort((a, b) => a - b));
  });

  it('deviceHung: connected, silent, then reporting again; nothing measured while hung is ever sent', async () => {
    const handle = await start({
      ...FRIDGE,
      faults: [{ kind: 'deviceHung', startAfterMs: MINUTE_MS, durationMs: 2 * MINUTE_MS }],
    });
    await waitFor('a connection', () => handle.stats()[0]?.connected === true);
    for (let minute = 1; minute <= 4; minute++) {
      nowMs = START_MS + minute * MINUTE_MS;
      await waitFor(
        `minute ${minute}`,
        () => handle.stats()[0]?.inFlight === 0 && handle.truth('f1')?.atMs === nowMs,
      );
    }
    await waitFor('readings after the hang', () =>
      subscriber.messages.some((m) => (measuredAt(m) ?? 0) > START_MS + 3 * MINUTE_MS),
    );
    const measured = subscriber.messages.map(measuredAt).filter((t): t is number => t !== undefined);
    expect(measured.filter((t) => t >= START_MS + MINUTE_MS && t < START_MS + 3 * MINUTE_MS)).toEqual([]);
    expect(handle.stats()[0]).toMatchObject({ connected: true, connections: 1 });
  });

  it('history: a fridge cut off before the start uploads what it measured then, stamped with its moment', async () => {
    const handle = await start({
      ...FRIDGE,
      historyMs: 30 * MINUTE_MS,
      faults: [{ kind: 'powerCut', startAfterMs: -20 * MINUTE_MS }],
    });
    await waitFor(
      'the history',
      () => subscriber.messages.filter((m) => m.topic === topics.temperature('f1')).length >= 60,
    );
    await waitFor(
      'the buffer to drain',
      () => handle.stats()[0]?.buffered === 0 && handle.stats()[0]?.inFlight === 0,
    );
    const temperatures = subscriber.messages
      .filter((m) => m.topic === topics.temperature('f1'))
      .map((m) => JSON.parse(String(m.payload)) as { celsius: number; ts: number });
    expect(temperatures[0]?.ts).toBeLessThan(START_MS - 29 * MINUTE_MS);
    expect(temperatures.at(-1)?.ts).toBeLessThanOrEqual(START_MS);
    // Warming since the cut 20 min before the start: ~1 °C above the 4 °C setpoint by now.
    expect(temperatures.at(-1)?.celsius).toBeGreaterThan(4.6);
    const door = subscriber.messages.find((m) => m.topic === topics.door('f1'));
    expect(JSON.parse(String(door?.payload))).toMatchObject({ open: false, ts: START_MS - 30 * MINUTE_MS });
  });
});
