import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FRIDGES, publishBurst, SHELVES, storedOrder, TOPICS } from '../helpers/externalBurst';
import { type RunningMosquitto, startMosquitto } from '../helpers/mosquitto';
import { readStoredSeqs } from '../helpers/readingsDb';
import { api, freePorts, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { eventually, tempDataDir } from '../helpers/testSystem';

const PER_TOPIC = 100;
const BURST = TOPICS.length * PER_TOPIC;
/** Between two readings of one device: 100 readings take each device at least a second. */
const PACE_MS = 10;

describe('kill -9 of the server behind Mosquitto in the middle of a burst', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let mosquitto: RunningMosquitto | null = null;
  let server: ServerProcess | null = null;

  afterEach(async () => {
    await server?.kill9();
    server = null;
    await mosquitto?.stop();
    mosquitto = null;
    data?.remove();
    data = null;
  });

  it('stores every message once, each device in order: nothing acknowledged to Mosquitto is lost', async () => {
    data = tempDataDir();
    const dataDir = data.dir;
    const brokerDir = join(dataDir, 'mosquitto');
    mkdirSync(brokerDir);
    const broker = await startMosquitto(brokerDir);
    mosquitto = broker;
    const ports = await freePorts();
    // Small batches: the burst takes many commits, so the kill falls between two of them.
    const start = () =>
      startServerProcess({ dataDir, ...ports, env: { MQTT_URL: broker.url, INGEST_MAX_BATCH: '10' } });
    server = await start();
    for (const id of FRIDGES) {
      const created = await api(server.httpUrl, 'POST', '/api/fridges', {
        id,
        name: `${id} fridge`,
        kind: 'fridge',
        shelves: SHELVES.map((shelf) => ({ id: shelf, tareKg: 1, capacityKg: 20 })),
      });
      expect(created.status).toBe(201);
    }
    // The devices publish for a second or more; the kill comes at the first commit, with the
    // rest of the burst coming and some of it in flight to the server, unacknowledged.
    const published = publishBurst(broker.url, PER_TOPIC, PACE_MS);
    await eventually(() => expect(readStoredSeqs(dataDir).total).toBeGreaterThan(0), 30_000);
    await server.kill9();
    const storedAtKill = readStoredSeqs(dataDir).total;
    expect(storedAtKill).toBeLessThan(BURST);
    // Mosquitto acknowledges the devices and queues the rest in the server's session.
    await published;

    server = await start();
    await eventually(() => expect(readStoredSeqs(dataDir).total).toBeGreaterThanOrEqual(BURST), 60_000);
    const stored = readStoredSeqs(dataDir);
    expect(stored.duplicates).toEqual([]);
    expect(stored.total).toBe(BURST);
    const expected = Array.from({ length: PER_TOPIC }, (_, i) => i + 1);
    for (const topic of TOPICS) expect(storedOrder(dataDir).get(topic), topic).toEqual(expected);
    const health = await api<{ refusals: Record<string, number> }>(server.httpUrl, 'GET', '/api/health');
    console.info(
      `[external-crash] ${JSON.stringify({
        burst: BURST,
        storedAtKill,
        duplicatesRecognisedAfter: health.body.refusals.duplicate ?? 0,
      })}`,
    );
  }, 180_000);
});
