import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/clock';
import type { Config } from '../../server/config';
import {
  BURST,
  FRIDGES,
  inOrder,
  kgOf,
  PER_TOPIC,
  publishBurst,
  SHELVES,
  storedOrder,
  TOPICS,
} from '../helpers/externalBurst';
import { type RunningMosquitto, startMosquitto } from '../helpers/mosquitto';
import {
  ADMIN_TOKEN,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

async function batchCounts(system: TestSystem): Promise<{ batches: number; readings: number }> {
  const res = await system.app.inject({
    url: '/metrics',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const figure = (name: string) =>
    Number(res.body.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? Number.NaN);
  return {
    batches: figure('fridge_ingest_batch_size_count'),
    readings: figure('fridge_ingest_batch_size_sum'),
  };
}

describe('the server behind Mosquitto takes many messages per commit', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let mosquitto: RunningMosquitto | null = null;
  let system: TestSystem | null = null;

  afterEach(async () => {
    await system?.stop();
    system = null;
    await mosquitto?.stop();
    mosquitto = null;
    data?.remove();
    data = null;
  });

  /** Mosquitto, and the server with its fridges (and so its persistent session on Mosquitto). */
  async function site(
    overrides: Partial<Config> = {},
  ): Promise<{ dataDir: string; url: string; first: TestSystem }> {
    data = tempDataDir();
    mosquitto = await startMosquitto(data.dir);
    const first = await startTestSystem(data.dir, { mqttUrl: mosquitto.url, ...overrides });
    system = first;
    for (const id of FRIDGES)
      await first.createFridge({
        id,
        name: `${id} fridge`,
        kind: 'fridge',
        shelves: SHELVES.map((shelf) => ({ id: shelf, tareKg: 1, capacityKg: 20 })),
      });
    return { dataDir: data.dir, url: mosquitto.url, first };
  }

  /** The server away while the burst comes: Mosquitto queues it in the server's session. */
  async function siteWithQueuedBurst(): Promise<{ dataDir: string; clock: Clock; url: string }> {
    const { dataDir, url, first } = await site();
    await first.stop();
    system = null;
    await publishBurst(url);
    return { dataDir, clock: first.clock, url };
  }

  it('a queued burst from 20 devices is stored in batches of many, in order per device, and all acknowledged', async () => {
    const { dataDir, clock, url } = await siteWithQueuedBurst();
    const running = await startTestSystem(dataDir, { mqttUrl: url }, { clock });
    system = running;
    await eventually(() => expect(running.ingest.storedReadings()).toBe(BURST), 60_000);

    const { batches, readings } = await batchCounts(running);
    console.info(`[external-burst] ${JSON.stringify({ burst: BURST, batches })}`);
    expect(readings).toBe(BURST);
    // One message per commit before PipelinedAcks: 500 batches. Mosquitto (max_inflight_messages 0
    // in the tests) sends the queue at once, so few commits take it.
    expect(batches).toBeLessThanOrEqual(BURST / 5);
    for (const [topic, seqs] of storedOrder(dataDir)) expect(seqs, topic).toEqual(inOrder);
    expect(storedOrder(dataDir).size).toBe(TOPICS.length);
    const elm = await running.fridge('elm-st');
    expect(elm.shelves.map((s) => s.kg)).toEqual(
      SHELVES.map((_, index) => Math.round((kgOf(index, PER_TOPIC) - 1) * 1000) / 1000),
    );

    // Every message was acknowledged to Mosquitto: after a restart it redelivers none, and a new
    // reading (sent after the redeliveries would be) is the only one that comes.
    await running.stop();
    const again = await startTestSystem(dataDir, { mqttUrl: url }, { clock });
    system = again;
    const device = await mqtt.connectAsync(url, { clientId: 'device-0', protocolVersion: 4 });
    await device.publishAsync(TOPICS[0] as string, JSON.stringify({ kg: 3, seq: PER_TOPIC + 1 }), { qos: 1 });
    await device.endAsync();
    await eventually(() => expect(again.ingest.storedReadings()).toBe(1), 30_000);
    expect(again.ingest.counters().duplicate ?? 0).toBe(0);
  }, 120_000);

  it('a restart in the middle of the burst loses nothing, stores each once and keeps each device in order', async () => {
    // Small batches, and the stop begins at the first commit while the devices go on publishing.
    const { dataDir, url, first } = await site({ ingestMaxBatch: 5 });
    const stopped = new Promise<void>((resolve) => {
      const unsubscribe = first.bus.on('readingAccepted', 'test', () => {
        unsubscribe();
        resolve(first.stop());
      });
    });
    const published = publishBurst(url);
    await stopped;
    system = null;
    const storedBefore = first.ingest.storedReadings();
    expect(storedBefore).toBeLessThan(BURST);
    // Mosquitto acknowledges the devices and queues the rest for the server's session.
    await published;
    const clock = first.clock;
    const second = await startTestSystem(dataDir, { mqttUrl: url }, { clock });
    system = second;
    await eventually(() => {
      const order = storedOrder(dataDir);
      expect([...order.values()].reduce((n, seqs) => n + seqs.length, 0)).toBe(BURST);
    }, 60_000);
    for (const [topic, seqs] of storedOrder(dataDir)) expect(seqs, topic).toEqual(inOrder);
    console.info(
      `[external-burst-restart] ${JSON.stringify({
        burst: BURST,
        storedBeforeStop: storedBefore,
        duplicatesRecognised: second.ingest.counters().duplicate ?? 0,
      })}`,
    );
  }, 120_000);
});
