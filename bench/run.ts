/**
 * Speed and memory of the whole spine against bare aedes, measured in one run with one harness:
 * both run as a process of their own (the server as `npm start` runs it: `node dist/server/main.js`),
 * real MQTT.js devices publish QoS 1 and wait for each PUBACK, which the server sends only after
 * the reading's SQLite commit. Prints figures; asserts nothing (docs/benchmarks.md).
 *
 *   npm run build && npm run bench          # defaults: 50 devices × 400 readings, then 1,000/s offered
 *   BENCH_DEVICES=1000 BENCH_READINGS=20 npx tsx bench/run.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { closedLoop, type LoadResult, openLoop, type Publisher, percentile } from './load';
import { startChild } from './processes';
import { BENCH_TOKEN, connectAnonymous, connectDevices, provision } from './provision';
import { startServer, watchLiveFeed } from './server';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);
const READINGS_PER_DEVICE = Number(process.env.BENCH_READINGS ?? 400);
const OFFERED_PER_S = Number(process.env.BENCH_RATE ?? 1000);
const OFFERED_FOR_S = Number(process.env.BENCH_RATE_SECONDS ?? 10);

const rate = (r: LoadResult) => r.acked / r.elapsedS;
const ms = (r: LoadResult) =>
  `p50 ${percentile(r.latenciesMs, 0.5).toFixed(1)} / p99 ${percentile(r.latenciesMs, 0.99).toFixed(1)} ms`;
const closeAll = (publishers: Publisher[]) => Promise.all(publishers.map(({ client }) => client.endAsync()));

/** Group commits so far and the readings they held, from the server's `/metrics`. */
async function commitsSoFar(httpUrl: string): Promise<{ commits: number; readings: number }> {
  const text = await (
    await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } })
  ).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    commits: value('fridge_ingest_batch_size_count'),
    readings: value('fridge_ingest_batch_size_sum'),
  };
}

/** Bare aedes with one subscriber to everything, loaded exactly like the server. */
async function bareAedes(): Promise<{
  result: LoadResult;
  rssMb: number;
  cpuMsPerMsg: number;
  loopCpuMsPerMsg: number;
}> {
  const broker = startChild([process.execPath, '--import', 'tsx', 'bench/bareBroker.ts'], {});
  try {
    const port = (await broker.waitFor(/port (\d+)/))[1];
    const url = `mqtt://127.0.0.1:${port}`;
    const subscriber = await mqtt.connectAsync(url, { clientId: 'bare-subscriber', reconnectPeriod: 0 });
    await subscriber.subscribeAsync('#', { qos: 0 });
    const publishers = await connectAnonymous(url, DEVICES);
    const cpuBefore = broker.cpuMs();
    const loopCpuBefore = broker.loopCpuMs();
    const result = await closedLoop(publishers, READINGS_PER_DEVICE);
    const cpuMsPerMsg = (broker.cpuMs() - cpuBefore) / result.acked;
    const loopCpuMsPerMsg = (broker.loopCpuMs() - loopCpuBefore) / result.acked;
    const rssMb = broker.rssMb();
    await closeAll(publishers);
    await subscriber.endAsync();
    return { result, rssMb, cpuMsPerMsg, loopCpuMsPerMsg };
  } finally {
    await broker.stop();
  }
}

async function endToEnd() {
  const dataDir = mkdtempSync(join(tmpdir(), 'fridge-bench-'));
  const { server, httpUrl, mqttUrl, healthyMs } = await startServer(dataDir);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssStartMb = server.rssMb();
    const provisionStarted = performance.now();
    const registrations = await provision(httpUrl, DEVICES);
    const provisionS = (performance.now() - provisionStarted) / 1000;
    const publishers = await connectDevices(mqttUrl, registrations);
    const feed = watchLiveFeed(httpUrl);
    const commitsBefore = await commitsSoFar(httpUrl);
    const cpuBefore = server.cpuMs();
    const loopCpuBefore = server.loopCpuMs();
    const closed = await closedLoop(publishers, READINGS_PER_DEVICE);
    const cpuMsPerMsg = (server.cpuMs() - cpuBefore) / closed.acked;
    const loopCpuMsPerMsg = (server.loopCpuMs() - loopCpuBefore) / closed.acked;
    const commitsAfter = await commitsSoFar(httpUrl);
    const readingsPerCommit =
      (commitsAfter.readings - commitsBefore.readings) / (commitsAfter.commits - commitsBefore.commits);
    const rssAfterMb = server.rssMb();
    const open = await openLoop(publishers, OFFERED_PER_S, OFFERED_FOR_S);
    const apiMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await (await fetch(`${httpUrl}/api/fridges`)).arrayBuffer();
      apiMs.push(performance.now() - t);
    }
    apiMs.sort((a, b) => a - b);
    const health = (await (await fetch(`${httpUrl}/api/health`)).json()) as {
      storage: { readingsStored: number };
    };
    feed.close();
    await closeAll(publishers);
    return {
      closed,
      cpuMsPerMsg,
      loopCpuMsPerMsg,
      readingsPerCommit,
      open,
      apiMs,
      health,
      rssStartMb,
      rssAfterMb,
      healthyMs,
      provisionS,
      sseEvents: feed.events(),
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const bareBefore = await bareAedes();
  const e2e = await endToEnd();
  const bareAfter = await bareAedes();
  const bareRate = (rate(bareBefore.result) + rate(bareAfter.result)) / 2;
  const total = DEVICES * READINGS_PER_DEVICE;
  console.log(
    `Closed loop: ${DEVICES} devices × ${READINGS_PER_DEVICE} readings, QoS 1, each waits for its PUBACK`,
  );
  console.log(
    `  bare aedes (before)     ${rate(bareBefore.result).toFixed(0)} msg/s, ${ms(bareBefore.result)}, RSS ${bareBefore.rssMb.toFixed(0)} MB`,
  );
  console.log(
    `  end to end              ${rate(e2e.closed).toFixed(0)} readings/s, ${ms(e2e.closed)} (PUBACK after the commit)`,
  );
  console.log(
    `  bare aedes (after)      ${rate(bareAfter.result).toFixed(0)} msg/s, ${ms(bareAfter.result)}, RSS ${bareAfter.rssMb.toFixed(0)} MB`,
  );
  console.log(`  END TO END / BARE AEDES ${((100 * rate(e2e.closed)) / bareRate).toFixed(0)} %`);
  const bareCpu = (bareBefore.cpuMsPerMsg + bareAfter.cpuMsPerMsg) / 2;
  console.log(
    `  CPU per message         bare ${bareCpu.toFixed(3)} ms, end to end ${e2e.cpuMsPerMsg.toFixed(3)} ms: ${((100 * bareCpu) / e2e.cpuMsPerMsg).toFixed(0)} % of bare by CPU cost`,
  );
  console.log(
    `  of which the event loop bare ${((bareBefore.loopCpuMsPerMsg + bareAfter.loopCpuMsPerMsg) / 2).toFixed(3)} ms, end to end ${e2e.loopCpuMsPerMsg.toFixed(3)} ms (the rest: GC and worker threads)`,
  );
  console.log(`  readings per commit     ${e2e.readingsPerCommit.toFixed(1)} (mean over the closed loop)`);
  console.log(`Open loop: ${OFFERED_PER_S} readings/s offered for ${OFFERED_FOR_S} s`);
  console.log(
    `  PUBACK latency          ${ms(e2e.open)} (from when each was due), ${e2e.open.acked}/${e2e.open.sent} acked`,
  );
  console.log(
    `Stored ${e2e.health.storage.readingsStored} of ${total + e2e.open.sent} readings; ${e2e.sseEvents} live-feed fridge events`,
  );
  console.log(
    `GET /api/fridges (${DEVICES} fridges, over HTTP) p50 ${percentile(e2e.apiMs, 0.5).toFixed(2)} / p99 ${percentile(e2e.apiMs, 0.99).toFixed(2)} ms`,
  );
  console.log(
    `Server: healthy ${e2e.healthyMs.toFixed(0)} ms after spawn; ${DEVICES} fridges provisioned in ${e2e.provisionS.toFixed(1)} s`,
  );
  console.log(
    `Server RSS: ${e2e.rssStartMb.toFixed(0)} MB after start, ${e2e.rssAfterMb.toFixed(0)} MB after the closed loop`,
  );
  if (e2e.health.storage.readingsStored !== total + e2e.open.sent) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
