/**
 * Speed and memory of the whole spine against bare aedes, measured in one run with one harness:
 * both run as a process of their own (the server as `npm start` runs it: `node dist/server/main.js`),
 * real MQTT.js devices publish QoS 1 and wait for each PUBACK, which the server sends only after
 * the reading's SQLite commit. Prints figures; asserts nothing (docs/benchmarks.md).
 *
 *   npm run build && npm run bench          # defaults: 50 devices × 400 readings, then 1,000/s offered
 *   BENCH_DEVICES=1000 BENCH_READINGS=20 npx tsx bench/run.ts
 *   BENCH_ROUNDS=9 npx tsx bench/run.ts     # more alternated rounds for a steadier median
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { closedLoop, type LoadResult, openLoop, type Publisher, percentile } from './load';
import { type Child, startChild } from './processes';
import { BENCH_TOKEN, connectAnonymous, connectDevices, provision } from './provision';
import { startServer, watchLiveFeed } from './server';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);
const READINGS_PER_DEVICE = Number(process.env.BENCH_READINGS ?? 400);
const OFFERED_PER_S = Number(process.env.BENCH_RATE ?? 1000);
const OFFERED_FOR_S = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

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

/** This process's CPU time so far in ms: the devices (and bare aedes' subscriber) of the harness. */
const harnessCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * A closed loop on one system under test, with that process's CPU time per message and the
 * harness's own: both share this machine's cores, so together they bound what a loop can move.
 */
async function measured(
  child: Child,
  publishers: readonly Publisher[],
  seqBase: number,
): Promise<{ result: LoadResult; cpuMsPerMsg: number; loopCpuMsPerMsg: number; harnessCpuMsPerMsg: number }> {
  const cpuBefore = child.cpuMs();
  const loopCpuBefore = child.loopCpuMs();
  const harnessBefore = harnessCpuMs();
  const result = await closedLoop(publishers, READINGS_PER_DEVICE, seqBase);
  return {
    result,
    cpuMsPerMsg: (child.cpuMs() - cpuBefore) / result.acked,
    loopCpuMsPerMsg: (child.loopCpuMs() - loopCpuBefore) / result.acked,
    harnessCpuMsPerMsg: (harnessCpuMs() - harnessBefore) / result.acked,
  };
}

type Sample = Awaited<ReturnType<typeof measured>>;

/** Bare aedes with one subscriber to everything, loaded exactly like the server. */
async function startBareAedes(): Promise<{
  broker: Child;
  publishers: Publisher[];
  stop: () => Promise<void>;
}> {
  const broker = startChild([process.execPath, '--import', 'tsx', 'bench/bareBroker.ts'], {});
  const port = (await broker.waitFor(/port (\d+)/))[1];
  const url = `mqtt://127.0.0.1:${port}`;
  const subscriber = await mqtt.connectAsync(url, { clientId: 'bare-subscriber', reconnectPeriod: 0 });
  await subscriber.subscribeAsync('#', { qos: 0 });
  const publishers = await connectAnonymous(url, DEVICES);
  return {
    broker,
    publishers,
    stop: async () => {
      await closeAll(publishers);
      await subscriber.endAsync();
      await broker.stop();
    },
  };
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/**
 * Rounds alternate bare aedes and the server, both kept running, so each end-to-end loop has a
 * bare loop just before and just after it: on a shared machine the throughput of one process moves
 * by a third within minutes (docs/benchmarks.md §1), and a ratio of two loops minutes apart carries
 * that drift. The headline is the median of the rounds' ratios.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fridge-bench-'));
  const bare = await startBareAedes();
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
    const bareSamples: Sample[] = [await measured(bare.broker, bare.publishers, 0)];
    const e2eSamples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      e2eSamples.push(await measured(server, publishers, round * READINGS_PER_DEVICE));
      bareSamples.push(await measured(bare.broker, bare.publishers, (round + 1) * READINGS_PER_DEVICE));
    }
    const commitsAfter = await commitsSoFar(httpUrl);
    const readingsPerCommit =
      (commitsAfter.readings - commitsBefore.readings) / (commitsAfter.commits - commitsBefore.commits);
    const rssAfterMb = server.rssMb();
    const bareRssMb = bare.broker.rssMb();
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

    const total = DEVICES * READINGS_PER_DEVICE * ROUNDS;
    console.log(
      `Closed loop: ${DEVICES} devices × ${READINGS_PER_DEVICE} readings, QoS 1, each waits for its PUBACK; ${ROUNDS} rounds, bare aedes before and after each`,
    );
    const ratios = e2eSamples.map((e2e, round) => {
      const before = bareSamples[round] as Sample;
      const after = bareSamples[round + 1] as Sample;
      const ratio = (100 * rate(e2e.result)) / ((rate(before.result) + rate(after.result)) / 2);
      console.log(
        `  round ${round + 1}: bare ${rate(before.result).toFixed(0)} → ${rate(after.result).toFixed(0)} msg/s, end to end ${rate(e2e.result).toFixed(0)} readings/s (${ms(e2e.result)}): ${ratio.toFixed(0)} %; CPU per message ${e2e.cpuMsPerMsg.toFixed(3)} ms (event loop ${e2e.loopCpuMsPerMsg.toFixed(3)})`,
      );
      return ratio;
    });
    console.log(
      `  bare aedes              ${median(bareSamples.map((b) => rate(b.result))).toFixed(0)} msg/s median, ${ms(bareSamples[0]?.result as LoadResult)} (first loop), RSS ${bareRssMb.toFixed(0)} MB`,
    );
    console.log(
      `  end to end              ${median(e2eSamples.map((e) => rate(e.result))).toFixed(0)} readings/s median (PUBACK after the commit)`,
    );
    console.log(
      `  END TO END / BARE AEDES ${median(ratios).toFixed(0)} % (median of the rounds; ${Math.min(...ratios).toFixed(0)}–${Math.max(...ratios).toFixed(0)} %)`,
    );
    const bareCpu = median(bareSamples.map((b) => b.cpuMsPerMsg));
    const e2eCpu = median(e2eSamples.map((e) => e.cpuMsPerMsg));
    console.log(
      `  CPU per message         bare ${bareCpu.toFixed(3)} ms, end to end ${e2eCpu.toFixed(3)} ms (medians): ${((100 * bareCpu) / e2eCpu).toFixed(0)} % of bare by CPU cost`,
    );
    const e2eLoopCpu = median(e2eSamples.map((e) => e.loopCpuMsPerMsg));
    console.log(
      `  of which the event loop bare ${median(bareSamples.map((b) => b.loopCpuMsPerMsg)).toFixed(3)} ms, end to end ${e2eLoopCpu.toFixed(3)} ms (the rest: GC and worker threads)`,
    );
    const bareHarnessCpu = median(bareSamples.map((b) => b.harnessCpuMsPerMsg));
    const e2eHarnessCpu = median(e2eSamples.map((e) => e.harnessCpuMsPerMsg));
    console.log(
      `  the harness's own CPU   ${bareHarnessCpu.toFixed(3)} ms per message against bare aedes, ${e2eHarnessCpu.toFixed(3)} ms against the server (devices, bare aedes' subscriber, the live feed's reader)`,
    );
    // What the end-to-end loop could move at most at its measured costs: its event loop alone
    // (one thread), or the server and the harness together on every core of this machine.
    const cores = availableParallelism();
    const bareRate = median(bareSamples.map((b) => rate(b.result)));
    const oneThread = 1000 / e2eLoopCpu;
    const allCores = (1000 * cores) / (e2eCpu + e2eHarnessCpu);
    console.log(
      `  at most, at these costs ${oneThread.toFixed(0)}/s on the server's event loop alone (${((100 * oneThread) / bareRate).toFixed(0)} % of bare), ${allCores.toFixed(0)}/s with the server and the harness sharing all ${cores} cores perfectly (${((100 * allCores) / bareRate).toFixed(0)} %)`,
    );
    console.log(`  readings per commit     ${readingsPerCommit.toFixed(1)} (mean over the closed loops)`);
    console.log(`Open loop: ${OFFERED_PER_S} readings/s offered for ${OFFERED_FOR_S} s`);
    console.log(
      `  PUBACK latency          ${ms(open)} (from when each was due), ${open.acked}/${open.sent} acked`,
    );
    console.log(
      `Stored ${health.storage.readingsStored} of ${total + open.sent} readings; ${feed.events()} live-feed fridge events`,
    );
    console.log(
      `GET /api/fridges (${DEVICES} fridges, over HTTP) p50 ${percentile(apiMs, 0.5).toFixed(2)} / p99 ${percentile(apiMs, 0.99).toFixed(2)} ms`,
    );
    console.log(
      `Server: healthy ${healthyMs.toFixed(0)} ms after spawn; ${DEVICES} fridges provisioned in ${provisionS.toFixed(1)} s`,
    );
    console.log(
      `Server RSS: ${rssStartMb.toFixed(0)} MB after start, ${rssAfterMb.toFixed(0)} MB after the closed loops`,
    );
    if (health.storage.readingsStored !== total + open.sent) process.exitCode = 1;
  } finally {
    await server.stop();
    await bare.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
