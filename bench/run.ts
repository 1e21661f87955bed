/**
 * Speed and memory figures of the whole spine on this machine: a real embedded broker, real
 * MQTT.js devices publishing QoS 1, real SQLite. Prints figures; asserts nothing (see docs/benchmarks.md).
 *
 *   npm run bench                 # defaults: 50 devices × 400 readings
 *   BENCH_DEVICES=200 BENCH_READINGS=200 npm run bench
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pino from 'pino';
import { loadConfig } from '../server/config';
import { startSystem } from '../server/system';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);
const READINGS_PER_DEVICE = Number(process.env.BENCH_READINGS ?? 400);
const TOKEN = 'bench-admin-token-0123456789';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fridge-bench-'));
  const config = loadConfig(
    {},
    {
      httpPort: 0,
      httpHost: '127.0.0.1',
      mqttPort: 0,
      mqttHost: '127.0.0.1',
      dataDir,
      demo: false,
      adminToken: TOKEN,
    },
  );
  const system = await startSystem({ config, logger: pino({ level: 'silent' }) });
  const auth = { authorization: `Bearer ${TOKEN}` };
  const rssBefore = process.memoryUsage().rss;
  try {
    const devices = [];
    for (let i = 0; i < DEVICES; i++) {
      const id = `bench-${i}`;
      await system.app.inject({
        method: 'POST',
        url: '/api/fridges',
        headers: auth,
        payload: {
          id,
          name: `Bench ${i}`,
          kind: 'fridge',
          shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
        },
      });
      const reg = (
        await system.app.inject({
          method: 'POST',
          url: `/api/fridges/${id}/devices`,
          headers: auth,
          payload: {},
        })
      ).json();
      const client = await mqtt.connectAsync(system.mqttUrl, {
        username: reg.username,
        password: reg.password,
        clientId: reg.username,
        clean: false,
        protocolVersion: 4,
      });
      devices.push({ client, topic: reg.topics.shelves.s1 as string });
    }

    const latenciesMs: number[] = [];
    const started = performance.now();
    await Promise.all(
      devices.map(async ({ client, topic }) => {
        for (let seq = 0; seq < READINGS_PER_DEVICE; seq++) {
          const sentAt = performance.now();
          await client.publishAsync(topic, JSON.stringify({ kg: 2 + (seq % 200) / 10, seq }), { qos: 1 });
          latenciesMs.push(performance.now() - sentAt);
        }
      }),
    );
    const elapsedS = (performance.now() - started) / 1000;
    latenciesMs.sort((a, b) => a - b);
    const total = DEVICES * READINGS_PER_DEVICE;

    const apiLatenciesMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await system.app.inject({ url: '/api/fridges' });
      apiLatenciesMs.push(performance.now() - t);
    }
    apiLatenciesMs.sort((a, b) => a - b);
    const rssAfter = process.memoryUsage().rss;

    const stored = system.ingest.storedReadings();
    console.log('Ingest through the embedded broker (QoS 1, PUBACK after the SQLite commit)');
    console.log(`  devices                 ${DEVICES}`);
    console.log(`  readings sent / stored  ${total} / ${stored}`);
    console.log(`  throughput              ${(total / elapsedS).toFixed(0)} readings/s`);
    console.log(
      `  PUBACK latency p50/p99  ${percentile(latenciesMs, 0.5).toFixed(1)} / ${percentile(latenciesMs, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `GET /api/fridges (${DEVICES} fridges) p50/p99  ${percentile(apiLatenciesMs, 0.5).toFixed(2)} / ${percentile(apiLatenciesMs, 0.99).toFixed(2)} ms`,
    );
    console.log(
      `Memory: RSS ${mb(rssBefore)} MB after start-up, ${mb(rssAfter)} MB after the run; heap ${mb(process.memoryUsage().heapUsed)} MB`,
    );
    await Promise.all(devices.map(({ client }) => client.endAsync()));
    if (stored !== total) process.exitCode = 1;
  } finally {
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
