/**
 * Issue 12's 10,000 fridges on one server (`npm run bench:scale`; about 10 minutes, plus a few the
 * first time, when the fixture is made): each fridge has three shelves, a door and a probe on one
 * device, each sensor sends once a minute (10,000 × 5 / 60 ≈ 833 readings/s, QoS 1). Prints
 * startup to healthy with 10k fridges (empty and after the load), `GET /api/fridges` times, RSS
 * over the run and its trend, p99 publish → SSE event, and how many SSE clients keep that p99.
 * Asserts nothing (docs/scaling.md).
 *
 * "An hour of simulated load" is compressed: the load runs at the target rate for
 * BENCH_SCALE_MINUTES (default 5) and RSS is sampled every 15 s; the trend after the first minute
 * is extrapolated to 60 minutes. Memory that grows with readings shows as a slope.
 *
 * At the end of the load it prints where the server's RSS lives by mapping (bench/memoryMap.ts);
 * BENCH_SCALE_MALLOC=1 adds glibc's own account and what malloc_trim(0) gives back (needs gdb).
 *
 * Each SSE step prints the server's memory split every 5 s and the CPU of the server and of the
 * readers' process. The list requests stop with the load, and with them the full GCs their
 * Buffers set off: the heap then fills towards V8's limit whatever the number of streams
 * (docs/scaling.md, "Tenth round"). BENCH_SCALE_SSE=1,10,50 makes the first step a control without
 * drainers; BENCH_SCALE_SSE_ALL=1 runs every step whatever its p99; BENCH_SCALE_SSE_LISTS=1 keeps
 * the list requests going during the steps.
 *
 *   npm run build && npm run bench:scale
 *   BENCH_SCALE=2000 BENCH_SCALE_MINUTES=2 BENCH_SCALE_SSE=10,50 npx tsx bench/scale.ts
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { percentile } from './load';
import { mallocInfoReport, memoryMapReport, trimReport } from './memoryMap';
import { setOwnThreadsNice } from './processes';
import { type ExternalBroker, startExternalBroker } from './scaleBroker';
import { cpuMark, cpuPhaseLine } from './scaleCpu';
import { scaleFixture } from './scaleFixture';
import { emptyListTimes, type ListTimes, listProbe, type TimedGet, timeGet, timeGzipGet } from './scaleHttp';
import { connectMany, latencyProbe, sensorLoad, sensorsOf } from './scaleLoad';
import { memorySampleLine, memorySampler } from './scaleMemory';
import { loopDelaySummary, slowTurnSummary } from './scaleStalls';
import { startServer } from './server';

const FRIDGES = Number(process.env.BENCH_SCALE ?? 10_000);
const MINUTES = Number(process.env.BENCH_SCALE_MINUTES ?? 5);
const RATE = (FRIDGES * 5) / 60;
const SSE_STEPS = (process.env.BENCH_SCALE_SSE ?? '10,50,100,200').split(',').map(Number);
const SSE_STEP_S = Number(process.env.BENCH_SCALE_SSE_SECONDS ?? 30);
const SSE_TARGET_P99_MS = 100;
// BENCH_SCALE_SSE_ALL=1: every step runs whatever the p99 (memory per step, a 1-client control step).
const SSE_ALL_STEPS = process.env.BENCH_SCALE_SSE_ALL === '1';
// BENCH_SCALE_SSE_LISTS=1: the list requests of the load go on during the steps, as during the load.
const SSE_WITH_LISTS = process.env.BENCH_SCALE_SSE_LISTS === '1';
/**
 * Seconds of the same load after the timed one with the list requests stopped (0: none), for the
 * CPU per reading without the benchmark's own list requests (docs/scaling.md, tenth round).
 */
const QUIET_S = Number(process.env.BENCH_SCALE_QUIET_SECONDS ?? 60);
/**
 * BENCH_SCALE_DEVICES_NICE=19: the simulated devices (this process) run at that nice value during
 * the timed load (not the quiet phase or the live-feed steps); the server and the probes keep
 * theirs. Real devices are not on the server's box: this gives the server the cores first, as if
 * the devices' 0.13–0.17 cores were elsewhere (docs/scaling.md, fifteenth round). Needs
 * `kernel.sched_autogroup_enabled = 0` to count.
 */
const DEVICES_NICE = Number(process.env.BENCH_SCALE_DEVICES_NICE ?? 0);

const SERVER_ENV = { SSE_MAX_CLIENTS: '100000', SSE_MAX_PER_ADDRESS: '100000' };
const f1 = (n: number) => n.toFixed(1);
const p = (sorted: number[]) => `p50 ${f1(percentile(sorted, 0.5))} / p99 ${f1(percentile(sorted, 0.99))} ms`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function readingsStored(httpUrl: string): Promise<number> {
  const health = (await (await fetch(`${httpUrl}/api/health`)).json()) as {
    storage: { readingsStored: number };
  };
  return health.storage.readingsStored;
}

async function main(): Promise<void> {
  console.log(`Scale: ${FRIDGES} fridges, ${f1(RATE)} readings/s for ${MINUTES} min; load average ${load()}`);
  const fixture = await scaleFixture(FRIDGES);
  console.log(
    fixture.reused
      ? '  fixture reused from the temp directory'
      : `  fixture made in ${f1(fixture.madeInS)} s (bulk import of ${FRIDGES} fridges and devices)`,
  );
  const broker: ExternalBroker | null =
    process.env.BENCH_SCALE_BROKER === 'mosquitto' ? await startExternalBroker(fixture.dataDir) : null;
  const serverEnv = { ...SERVER_ENV, ...broker?.serverEnv };
  const first = await startServer(fixture.dataDir, serverEnv);
  const { server, httpUrl, mqttUrl } = first;
  const serverStartedAtMs = performance.now() - first.healthyMs;
  let restartMs = 0;
  let restartFirstGet: TimedGet = { ms: 0, firstByteMs: 0, status: 0, bytes: 0, etag: '' };
  try {
    const health = await timeGet(`${httpUrl}/api/health`);
    console.log(
      `  startup to healthy: ${first.healthyMs.toFixed(0)} ms (health ${health.status}), RSS ${server.rssMb().toFixed(0)} MB${broker ? ` (Mosquitto ${broker.rssMb().toFixed(0)} MB)` : ''}`,
    );
    const cold = await timeGet(`${httpUrl}/api/fridges`);
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push((await timeGet(`${httpUrl}/api/fridges`)).ms);
    idle.sort((a, b) => a - b);
    console.log(
      `  GET /api/fridges idle: first ${f1(cold.ms)} ms, then ${p(idle)}, ${(cold.bytes / 1e6).toFixed(1)} MB`,
    );
    const coldGzip = await timeGzipGet(`${httpUrl}/api/fridges`);
    const idleGzip: number[] = [];
    const idleGzipLastByte: number[] = [];
    for (let i = 0; i < 20; i++) {
      const gzip = await timeGzipGet(`${httpUrl}/api/fridges`);
      idleGzip.push(gzip.ms);
      idleGzipLastByte.push(gzip.lastByteMs);
    }
    idleGzip.sort((a, b) => a - b);
    idleGzipLastByte.sort((a, b) => a - b);
    console.log(
      `  GET /api/fridges idle in gzip (inflated): first ${f1(coldGzip.ms)} ms, then ${p(idleGzip)} (last compressed byte ${p(idleGzipLastByte)}), ${(coldGzip.compressed / 1e6).toFixed(2)} MB for ${(coldGzip.bytes / 1e6).toFixed(1)} MB`,
    );

    const connectStarted = performance.now();
    const clients = await connectMany(mqttUrl, fixture.registrations);
    console.log(
      `  ${clients.length} devices connected in ${f1((performance.now() - connectStarted) / 1000)} s to ${broker ? 'Mosquitto' : 'the embedded broker'}; server RSS ${server.rssMb().toFixed(0)} MB${broker ? `, Mosquitto ${broker.rssMb().toFixed(0)} MB` : ''}`,
    );
    const sensors = sensorsOf(fixture.registrations, clients);
    const probe = latencyProbe(httpUrl);
    await probe.ready;

    const memory = memorySampler(server, httpUrl, broker);
    const outputAtStart = server.output().length;
    const cpuAtStart = { server: server.cpuMs(), faults: server.minorFaults(), bench: process.cpuUsage() };
    const markAtStart = cpuMark(server);
    const loadStarted = performance.now();
    let lastSample = -Infinity;
    const sample = () => {
      const now = performance.now();
      if (now - lastSample >= 15_000) {
        lastSample = now;
        void memory.sample((now - loadStarted) / 60_000);
      }
    };
    // BENCH_SCALE_API=0: no list requests during the load, to measure their share of the tail.
    const lists = process.env.BENCH_SCALE_API === '0' ? noListRequests() : listProbe(httpUrl);
    const storedAtStart = await readingsStored(httpUrl);
    if (DEVICES_NICE !== 0) setOwnThreadsNice(DEVICES_NICE);
    const steady = await sensorLoad(sensors, RATE, MINUTES * 60, probe.sent, sample);
    // Back to the server's own priority: what comes next may fork or spawn (the steps' list probe,
    // the restart), and those inherit it.
    if (DEVICES_NICE !== 0) setOwnThreadsNice(0);
    const list = await lists.stop();
    const markAtEnd = cpuMark(server);
    // Behind Mosquitto the devices' PUBACK says nothing of the server: what it stored says whether
    // it keeps up (Mosquitto queues what it has not taken yet).
    const storedInLoad = (await readingsStored(httpUrl)) - storedAtStart;
    sample();
    await memory.sample((performance.now() - loadStarted) / 60_000);
    const loadOutput = server.output().slice(outputAtStart);
    // The server's log over the load, kept for a closer look at its slow turns.
    if (process.env.BENCH_SCALE_LOG) writeFileSync(process.env.BENCH_SCALE_LOG, loadOutput);
    const feed = await probe.take();
    // The live feed's events over the load, for bench/stallAttribution.ts.
    if (process.env.BENCH_SCALE_FEED)
      writeFileSync(process.env.BENCH_SCALE_FEED, JSON.stringify(feed.timeline));
    const loadS = (performance.now() - loadStarted) / 1000;
    const benchCpu = process.cpuUsage(cpuAtStart.bench);
    const serverCores = (server.cpuMs() - cpuAtStart.server) / 1000 / loadS;
    const faultsPerReading = (server.minorFaults() - cpuAtStart.faults) / Math.max(1, steady.acked);
    const benchCores = (benchCpu.user + benchCpu.system) / 1e6 / loadS;
    for (const series of Object.values(list)) if (Array.isArray(series)) series.sort((a, b) => a - b);
    console.log(
      `Load: ${steady.acked}/${steady.sent} readings acked, PUBACK ${p(steady.pubackMs)} (from when due)`,
    );
    console.log(
      `  stored by the server during the load: ${storedInLoad} of ${steady.acked} acked (${((100 * storedInLoad) / Math.max(1, steady.acked)).toFixed(1)} %)`,
    );
    console.log(
      `  publish → SSE event (1 dashboard): ${p(feed.latenciesMs)}, ${feed.latenciesMs.length} timed, ${feed.unanswered} readings brought no event of their own`,
    );
    console.log(
      `  GET /api/fridges under load (timed in a process of its own): ${p(list.plainMs)} (${list.plainMs.length} requests, ${list.failed} failed), headers ${p(list.plainFirstByteMs)}; again with its ETag: ${p(list.conditionalMs)}, ${list.notModified} of ${list.conditionalMs.length} answered 304; read with ${process.env.BENCH_SCALE_LIST_CLIENT === 'fetch' ? 'fetch' : 'node:http'}, the probe's own CPU ${f1(list.probeCpuMs / Math.max(1, list.plainMs.length))} ms a round of three requests`,
    );
    console.log(
      `  GET /api/fridges under load in gzip (inflated): ${p(list.gzipMs)} (headers ${p(list.gzipFirstByteMs)}, last compressed byte ${p(list.gzipLastByteMs)}), ${(list.gzipMb.reduce((sum, mb) => sum + mb, 0) / Math.max(1, list.gzipMb.length)).toFixed(2)} MB on average`,
    );
    for (const line of memory.report(MINUTES)) console.log(line);
    // Where the RSS lives by mapping; glibc's own account and what malloc_trim gives back on request
    // (BENCH_SCALE_MALLOC=1: gdb stops the server for a moment; the trim changes what follows).
    const pid = server.process.pid as number;
    for (const line of memoryMapReport(pid)) console.log(line);
    if (process.env.BENCH_SCALE_MALLOC) {
      try {
        for (const line of [...mallocInfoReport(pid), ...trimReport(pid)]) console.log(line);
      } catch (err) {
        console.log(`  malloc's own account not taken (gdb: ${(err as Error).message.split('\n')[0]})`);
      }
    }
    // The first scrape's loop figures cover the devices' connecting, before the load.
    console.log(`  event-loop delay over the load: ${loopDelaySummary(memory.samples.slice(1))}`);
    console.log(`  slow turns over the load (≥ 50 ms, server log): ${slowTurnSummary(loadOutput)}`);
    console.log(
      `  CPU over the load: server ${serverCores.toFixed(2)} cores (${((serverCores * 1e6) / RATE).toFixed(0)} µs per reading, ${faultsPerReading.toFixed(1)} minor page faults per reading), the benchmark's ${FRIDGES} devices (one process; the live-feed readers run in another) ${benchCores.toFixed(2)} cores`,
    );
    const listRounds = list.gzipMs.length;
    console.log(
      cpuPhaseLine(
        `with ${listRounds} rounds of list requests`,
        markAtStart,
        markAtEnd,
        steady.sent,
        server.output(),
        serverStartedAtMs,
      ),
    );
    if (QUIET_S > 0) {
      // The same load with no list request: what a reading costs the server apart from the
      // benchmark's 13.6 MB list reads (and the live feed's tail without them).
      const quietFrom = cpuMark(server);
      const quiet = await sensorLoad(sensors, RATE, QUIET_S, probe.sent);
      const quietTo = cpuMark(server);
      const quietFeed = await probe.take();
      console.log(
        `Load without list requests, ${QUIET_S} s: ${quiet.acked}/${quiet.sent} acked, PUBACK ${p(quiet.pubackMs)}; publish → SSE event (1 dashboard) ${p(quietFeed.latenciesMs)}`,
      );
      console.log(
        cpuPhaseLine(
          'without list requests',
          quietFrom,
          quietTo,
          quiet.sent,
          server.output(),
          serverStartedAtMs,
        ),
      );
    }

    let drainers = 0;
    const stepLists = SSE_WITH_LISTS ? listProbe(httpUrl) : noListRequests();
    console.log(
      `SSE clients at ${f1(RATE)} readings/s, ${SSE_STEP_S} s each (one timed, the others drain)${SSE_WITH_LISTS ? ', list requests going on' : ', no list requests'}:`,
    );
    for (const clientsWanted of SSE_STEPS) {
      await probe.addDrainers(clientsWanted - 1 - drainers);
      drainers = clientsWanted - 1;
      await probe.take();
      const before = probe.drainerBytes();
      // The step's memory every 5 s and the CPU of the server and of the readers' process: what
      // the streams cost the server, and what the readers take from the same two cores.
      const stepStarted = performance.now();
      const cpuBefore = { server: server.cpuMs(), readers: probe.cpuMs() };
      const stepSamples = [await memory.sample((stepStarted - loadStarted) / 60_000)];
      let lastStepSample = stepStarted;
      const stepFrom = cpuMark(server);
      const step = await sensorLoad(sensors, RATE, SSE_STEP_S, probe.sent, () => {
        const now = performance.now();
        if (now - lastStepSample < 5_000) return;
        lastStepSample = now;
        void memory.sample((now - loadStarted) / 60_000).then((s) => stepSamples.push(s));
      });
      const stepTo = cpuMark(server);
      const timed = await probe.take();
      stepSamples.push(await memory.sample((performance.now() - loadStarted) / 60_000));
      const stepS = (performance.now() - stepStarted) / 1000;
      const p99 = percentile(timed.latenciesMs, 0.99);
      console.log(
        `  ${clientsWanted} clients: event ${p(timed.latenciesMs)} (${timed.latenciesMs.length} timed; 0 means the timed stream was dropped as a slow reader), PUBACK ${p(step.pubackMs)}, ${f1((probe.drainerBytes() - before) / 1e6 / SSE_STEP_S)} MB/s to the drainers, RSS ${server.rssMb().toFixed(0)} MB`,
      );
      console.log(
        `    CPU over the step: server ${((server.cpuMs() - cpuBefore.server) / 1000 / stepS).toFixed(2)} cores, the readers' process ${((probe.cpuMs() - cpuBefore.readers) / 1000 / stepS).toFixed(2)} cores; load average ${load()}; memory (MB):`,
      );
      for (const s of stepSamples.sort((a, b) => a.minute - b.minute))
        console.log(`    ${memorySampleLine(s)}`);
      console.log(
        cpuPhaseLine(
          `with ${clientsWanted} live-feed clients`,
          stepFrom,
          stepTo,
          step.sent,
          server.output(),
          serverStartedAtMs,
        ),
      );
      if (p99 > SSE_TARGET_P99_MS && !SSE_ALL_STEPS) break;
    }
    probe.close();
    await stepLists.stop();
    const stored = (await (await fetch(`${httpUrl}/api/health`)).json()) as {
      storage: { readingsStored: number };
    };
    console.log(`  readings stored: ${stored.storage.readingsStored}; load average ${load()}`);
    await Promise.all(clients.map((client) => client.endAsync()));
  } finally {
    await server.stop();
  }
  try {
    const again = await startServer(fixture.dataDir, serverEnv);
    restartMs = again.healthyMs;
    restartFirstGet = await timeGet(`${again.httpUrl}/api/fridges`);
    await again.server.stop();
    console.log(
      `Restart with ${FRIDGES} fridges and the run's readings: healthy in ${restartMs.toFixed(0)} ms, first GET /api/fridges ${f1(restartFirstGet.ms)} ms`,
    );
  } finally {
    await broker?.stop();
    rmSync(fixture.dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** bench:scale without list requests (BENCH_SCALE_API=0): empty series, nothing sent. */
function noListRequests(): { stop(): Promise<ListTimes> } {
  return { stop: async () => emptyListTimes() };
}
