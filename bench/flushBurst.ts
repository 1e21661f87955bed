/**
 * Every device sends its buffer at once (after a power cut or a broker restart, firmware flushes
 * the readings it kept): how much memory the server takes for a backlog, and how fast it works
 * through it (issue 12, docs/scaling.md "Ninth round: a bound on what waits for its commit"). The
 * server runs from `dist/` on a copy of bench:scale's fixture; each device publishes `readings`
 * QoS 1 readings in one go, without waiting for PUBACKs, then the run waits for every PUBACK.
 * Prints the peak RSS of the server, the most readings it held waiting for their commit
 * (`/api/health`, sampled), the time to the last PUBACK and the server's CPU per reading.
 * Compare the bound with none: `BENCH_SERVER_ENV='{"INGEST_MAX_WAITING":"1000000"}'`.
 *
 *   npm run build && npx tsx bench/flushBurst.ts [fridges=2000] [readings=100]
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Registration } from './provision';
import { scaleFixture } from './scaleFixture';
import { connectMany } from './scaleLoad';
import { startServer } from './server';

const [fridgesArg = '2000', readingsArg = '100'] = process.argv.slice(2);
const fridges = Number(fridgesArg);
const perDevice = Number(readingsArg);

interface Health {
  ingest: { waiting: number; intakePaused: boolean };
  storage: { readingsStored: number };
}

const fixture = await scaleFixture(fridges);
const { server, httpUrl, mqttUrl } = await startServer(fixture.dataDir);
try {
  const health = async () => (await (await fetch(`${httpUrl}/api/health`)).json()) as Health;
  const storedBefore = (await health()).storage.readingsStored;
  const clients = await connectMany(mqttUrl, fixture.registrations);
  const devices = clients.map((client, i) => ({
    client,
    topic: (fixture.registrations[i] as Registration).topics.shelves.s1 as string,
  }));
  console.log(
    `flush burst: ${fridges} devices × ${perDevice} readings; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; server RSS ${server.rssMb().toFixed(0)} MB after connecting`,
  );
  let peakRssMb = server.rssMb();
  let mostWaiting = 0;
  let pausedSamples = 0;
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRssMb = Math.max(peakRssMb, server.rssMb());
      const h = await health().catch(() => null);
      if (h) {
        mostWaiting = Math.max(mostWaiting, h.ingest.waiting);
        samples += 1;
        if (h.ingest.intakePaused) pausedSamples += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();

  const cpuBefore = server.cpuMs();
  const started = performance.now();
  const acks: Promise<unknown>[] = [];
  for (const [d, { client, topic }] of devices.entries()) {
    for (let seq = 0; seq < perDevice; seq++) {
      const kg = 5 + ((d + seq) % 40) / 10;
      acks.push(client.publishAsync(topic, JSON.stringify({ kg, seq }), { qos: 1 }));
    }
  }
  await Promise.all(acks);
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = server.cpuMs() - cpuBefore;
  sampling = false;
  await sampler;
  const after = await health();
  const total = fridges * perDevice;
  const stored = after.storage.readingsStored - storedBefore;
  console.log(`  every PUBACK after ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(0)} readings/s`);
  console.log(`  stored ${stored} of ${total}${stored === total ? '' : '  ← NOT ALL'}`);
  console.log(
    `  server: peak RSS ${peakRssMb.toFixed(0)} MB, RSS after ${server.rssMb().toFixed(0)} MB; ${(
      (cpuMs * 1000) / total
    ).toFixed(0)} µs of CPU per reading`,
  );
  console.log(
    `  most readings waiting for their commit (sampled every 200 ms): ${mostWaiting}; devices held in ${pausedSamples} of ${samples} samples`,
  );
  await Promise.all(devices.map(({ client }) => client.endAsync()));
} finally {
  await server.stop();
  rmSync(fixture.dataDir, { recursive: true, force: true });
}
