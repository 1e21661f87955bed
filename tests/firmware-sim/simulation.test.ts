import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDeviceMessage, topics } from '../../contract';
import type { SimulationFridge, SimulationHandle, SimulationOptions } from '../../firmware-sim';
import { startSimulation } from '../../firmware-sim';
import { threeShelves } from './fixtures';
import {
  type ReceivedMessage,
  startSubscriber,
  startTestBroker,
  type TestBroker,
  waitFor,
} from './testBroker';

const FRIDGE: SimulationFridge = {
  fridgeId: 'f1',
  kind: 'fridge',
  shelves: threeShelves(),
  device: { deviceId: 'f1-dev', username: 'f1-dev', password: 'secret-f1' },
};
const PANTRY: SimulationFridge = {
  fridgeId: 'p1',
  kind: 'pantry',
  shelves: threeShelves(),
  device: { deviceId: 'p1-dev', username: 'p1-dev', password: 'secret-p1' },
};

/** Fast enough for a test: a simulated 10 minutes per real second, reconnecting within ~100 ms. */
const FAST: Partial<SimulationOptions> = {
  speed: 600,
  tickMs: 20,
  seed: 7,
  firstSeq: 0,
  reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
};

const parsedSeq = (message: ReceivedMessage) => {
  const parsed = parseDeviceMessage(message.topic, message.payload);
  return parsed.ok ? parsed.value.seq : undefined;
};

// Generous: a loaded CI machine can be slow to schedule sockets; the tests pass in ~2 s when idle.
describe('live simulation against a real broker', { timeout: 15_000 }, () => {
  let broker: TestBroker;
  let subscriber: { client: MqttClient; messages: ReceivedMessage[] };
  let simulation: SimulationHandle | null = null;

  beforeEach(async () => {
    broker = await startTestBroker({ 'f1-dev': 'secret-f1', 'p1-dev': 'secret-p1' });
    subscriber = await startSubscriber(broker.url, 'fridges/#');
  });

  afterEach(async () => {
    await simulation?.stop();
    simulation = null;
    await subscriber.client.endAsync();
    await broker.close();
  });

  it('publishes only valid contract messages, without ts above speed 1, and a retained online status', async () => {
    simulation = await startSimulation({
      mqttUrl: broker.url,
      fridges: [FRIDGE, PANTRY],
      profile: 'demo',
      ...FAST,
    });
    await waitFor('readings from both fridges', () =>
      ['f1', 'p1'].every(
        (id) => subscriber.messages.filter((m) => m.topic.startsWith(`fridges/${id}/shelves`)).length >= 30,
      ),
    );
    await waitFor('a door session', () => subscriber.messages.some((m) => m.topic === topics.door('f1')));

    for (const message of subscriber.messages) {
      const parsed = parseDeviceMessage(message.topic, message.payload);
      if (!parsed.ok) throw new Error(`${message.topic} ${message.payload}: ${parsed.detail}`);
      expect(parsed.value.seq).toBeTypeOf('number');
      expect(parsed.value.deviceTimeMs).toBeUndefined();
    }
    const pantryTopics = subscriber.messages
      .filter((m) => m.topic.startsWith('fridges/p1/'))
      .map((m) => m.topic);
    expect(pantryTopics).not.toContain(topics.door('p1'));
    expect(pantryTopics).not.toContain(topics.temperature('p1'));
    expect(subscriber.messages.some((m) => m.topic === topics.temperature('f1'))).toBe(true);

    const late = await startSubscriber(broker.url, topics.deviceStatus('f1', 'f1-dev'));
    await waitFor('the retained status', () => late.messages.length > 0);
    await late.client.endAsync();
    const [status] = late.messages;
    expect(status?.retain).toBe(true);
    expect(JSON.parse(String(status?.payload))).toMatchObject({ online: true, firmware: 'sim-1.0.0' });
    expect(simulation.truth('f1')?.shelves).toHaveProperty('s1');
  });

  it('leaves a retained will when the link dies, buffers meanwhile, and resends every seq exactly as numbered', async () => {
    simulation = await startSimulation({ mqttUrl: broker.url, fridges: [FRIDGE], ...FAST });
    const handle = simulation;
    const stats = () => handle.stats()[0];
    await waitFor('some readings', () => subscriber.messages.length >= 20);

    broker.refuseDevices = true;
    broker.clients.get('f1-dev')?.conn.destroy();
    const statusTopic = topics.deviceStatus('f1', 'f1-dev');
    await waitFor('the last will', () =>
      subscriber.messages.some((m) => m.topic === statusTopic && String(m.payload) === '{"online":false}'),
    );
    const late = await startSubscriber(broker.url, statusTopic);
    await waitFor('the retained will', () => late.messages.length > 0);
    await late.client.endAsync();
    expect(late.messages[0]).toMatchObject({ retain: true, payload: Buffer.from('{"online":false}') });

    await waitFor('readings buffered offline', () => (stats()?.buffered ?? 0) >= 40);
    const takenBeforeReconnect = stats()?.nextSeq ?? 0;
    broker.refuseDevices = false;
    await waitFor('the buffer to drain', () => stats()?.connected === true && stats()?.buffered === 0);
    const received = () => new Set(subscriber.messages.map(parsedSeq));
    await waitFor('every seq taken offline to arrive', () => {
      const seqs = received();
      return Array.from({ length: takenBeforeReconnect }, (_, seq) => seq).every((seq) => seqs.has(seq));
    });
    await handle.stop();

    // At-least-once delivery may repeat a message, but one seq always means one payload.
    const payloadBySeq = new Map<number, string>();
    for (const message of subscriber.messages) {
      const seq = parsedSeq(message);
      if (seq === undefined) continue;
      const payload = `${message.topic} ${message.payload}`;
      expect(payloadBySeq.get(seq) ?? payload).toBe(payload);
      payloadBySeq.set(seq, payload);
    }
    expect(stats()?.dropped).toBe(0);
    expect(stats()?.connections).toBe(2);
  });

  it('resends what was in flight when the link died, with the same seq, before the buffer', async () => {
    simulation = await startSimulation({ mqttUrl: broker.url, fridges: [FRIDGE], ...FAST });
    const handle = simulation;
    const stats = () => handle.stats()[0];
    await waitFor('some readings', () => subscriber.messages.length >= 10);
    broker.holdDevicePublishes = true;
    await waitFor('messages in flight', () => (stats()?.inFlight ?? 0) >= 5);
    const seqAtDestroy = stats()?.nextSeq ?? 0;
    const receivedBeforeDestroy = subscriber.messages.length;
    broker.refuseDevices = true;
    broker.clients.get('f1-dev')?.conn.destroy();
    broker.holdDevicePublishes = false;
    await waitFor('readings buffered offline', () => (stats()?.buffered ?? 0) >= 10);
    const takenBeforeReconnect = stats()?.nextSeq ?? 0;
    broker.refuseDevices = false;

    const received = () => new Set(subscriber.messages.map(parsedSeq));
    await waitFor('every seq, in flight or buffered, to arrive', () => {
      const seqs = received();
      return Array.from({ length: takenBeforeReconnect }, (_, seq) => seq).every((seq) => seqs.has(seq));
    });
    const payloadBySeq = new Map<number, string>();
    for (const message of subscriber.messages) {
      const seq = parsedSeq(message);
      if (seq === undefined) continue;
      expect(payloadBySeq.get(seq) ?? String(message.payload)).toBe(String(message.payload));
      payloadBySeq.set(seq, String(message.payload));
    }
    // Order after the reconnect: what was in flight (taken before the cut), then the buffer.
    const arrivedAfter = subscriber.messages.slice(receivedBeforeDestroy).map(parsedSeq);
    const lastInFlight = arrivedAfter.findLastIndex((seq) => seq !== undefined && seq < seqAtDestroy);
    const firstBuffered = arrivedAfter.findIndex((seq) => seq !== undefined && seq >= seqAtDestroy);
    expect(lastInFlight).toBeGreaterThanOrEqual(0);
    expect(lastInFlight).toBeLessThan(firstBuffered);
  });

  it('drops and counts the oldest readings when the offline buffer overflows', async () => {
    simulation = await startSimulation({
      mqttUrl: broker.url,
      fridges: [FRIDGE],
      offlineBufferLimit: 10,
      ...FAST,
    });
    const handle = simulation;
    await waitFor('a connection', () => handle.stats()[0]?.connected === true);
    broker.refuseDevices = true;
    broker.clients.get('f1-dev')?.conn.destroy();
    await waitFor('an overflow', () => (handle.stats()[0]?.dropped ?? 0) >= 5);
    expect(handle.stats()[0]?.buffered).toBe(10);
  });

  it('stamps ts with the simulated moment at speed 1', async () => {
    let nowMs = Date.UTC(2026, 11, 1, 10, 0);
    const clock = { nowMs: () => nowMs };
    const startMs = nowMs;
    simulation = await startSimulation({ mqttUrl: broker.url, fridges: [FRIDGE], ...FAST, speed: 1, clock });
    const handle = simulation;
    await waitFor('a connection', () => handle.stats()[0]?.connected === true);
    nowMs += 60_000;
    await waitFor(
      'a minute of readings',
      () => subscriber.messages.filter((m) => m.topic.includes('/shelves/')).length >= 12,
    );
    for (const message of subscriber.messages) {
      const parsed = parseDeviceMessage(message.topic, message.payload);
      if (!parsed.ok || parsed.value.value.kind === 'deviceStatus') continue;
      expect(parsed.value.deviceTimeMs).toBeGreaterThanOrEqual(startMs);
      expect(parsed.value.deviceTimeMs).toBeLessThanOrEqual(nowMs);
    }
  });

  it('starts and stops cleanly many times, saying offline on the way out', async () => {
    for (let run = 0; run < 5; run += 1) {
      const handle = await startSimulation({
        mqttUrl: broker.url,
        fridges: [FRIDGE, PANTRY],
        ...FAST,
        firstSeq: run * 1_000_000,
      });
      await waitFor('both devices online', () => handle.stats().every((s) => s.connected));
      await handle.stop();
      await handle.stop();
      await waitFor('the broker to see them go', () => broker.aedes.connectedClients === 1);
    }
    const late = await startSubscriber(broker.url, topics.deviceStatus('p1', 'p1-dev'));
    await waitFor('the retained status', () => late.messages.length > 0);
    await late.client.endAsync();
    expect(JSON.parse(String(late.messages[0]?.payload))).toMatchObject({
      online: false,
      seq: expect.any(Number),
    });
  });

  it('stops promptly even when the broker cannot be reached', async () => {
    const unreachable = broker.url;
    await broker.close();
    broker = await startTestBroker();
    const handle = await startSimulation({ mqttUrl: unreachable, fridges: [FRIDGE], ...FAST });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handle.stats()[0]?.connected).toBe(false);
    expect(handle.stats()[0]?.buffered).toBeGreaterThan(0);
    // A liveness check, not a speed figure: stop() must not wait for a broker that never answers.
    const outcome = await Promise.race([
      handle.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting for the broker'), 5_000)),
    ]);
    expect(outcome).toBe('stopped');
  });

  it('refuses invalid options with the path of each problem', async () => {
    await expect(
      startSimulation({ mqttUrl: 'http://x', fridges: [{ ...FRIDGE, fridgeId: 'Bad Id' }], speed: 0 }),
    ).rejects.toThrow(/mqttUrl: .*speed: .*fridges\/0\/fridgeId: /);
  });
});
