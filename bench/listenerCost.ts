/**
 * What each listener of a committed batch costs per reading, at a given number of fridges (issue
 * 12, docs/scaling.md "Seventh round": why 10,000 fridges cost 4–5× more per reading than 50).
 * The real system in this process on a copy of bench:scale's fixture, readings of its fridges'
 * sensors in a shuffled order (as ingestTurn.ts sends them), committed in batches of `size` with a
 * pause between them (the live feed's and the retained topic's timers run in it, as they would
 * between two commits). Every `fridgeStateChanged` / `readingAccepted` listener, the status's
 * description, the transaction's parts and the retained publish are timed with performance.now(),
 * nested calls taken out of their caller's time (self time); the process's CPU and the GC pauses
 * over the timed batches say what the timers do not see (aedes's deferred work, the collector).
 *
 * BENCH_CLOCK=cpu times CPU instead of wall time; BENCH_HEAP_SAMPLES=1 (or all) adds V8's sampling
 * heap profiler (bench/heapSamples.ts); BENCH_DAY_OF_GAPS=1 starts the alert rules with a day of
 * gaps per device and probe, as on a server that has run for a day (bench/dayOfGaps.ts).
 *
 *   BENCH_CLOCK=cpu node --import tsx --max-semi-space-size=4 bench/listenerCost.ts \
 *     [fridges=1000] [batches=200] [size=100] [pauseMs=20] [sse=2]
 */
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import pino from 'pino';
import { EmbeddedBroker } from '../broker/embeddedBroker';
import { SseBroadcast } from '../server/api/sseBroadcast';
import { systemClock } from '../server/clock';
import { loadConfig } from '../server/config';
import { EventBus } from '../server/eventBus';
import { AlertSnapshots } from '../server/features/alerts/alertSnapshots';
import { AlertsFeature } from '../server/features/alerts/alertsFeature';
import { FridgeCatalog } from '../server/features/fridgeCatalog';
import { PublicStatusCache } from '../server/features/publicStatusCache';
import { SqliteReadingStore } from '../server/storage/readingStore';
import { StateStore } from '../server/storage/stateStore';
import { startSystem } from '../server/system';
import { seedDayOfGaps } from './dayOfGaps';
import { fixtureMessages } from './fixtureMessages';
import { heapSampling } from './heapSamples';
import { scaleFixture } from './scaleFixture';
import { now, parts, timed, timing, wrap } from './selfTimes';

const [fridgesArg = '1000', batchesArg = '200', sizeArg = '100', pauseArg = '20', sseArg = '2'] =
  process.argv.slice(2);
const batches = Number(batchesArg);
const size = Number(sizeArg);
const pauseMs = Number(pauseArg);

/** Self time (ms) and calls per part; a part's nested parts are taken out of its time. */
// Each listener by event and feature: the bus's own loop, with the same try/catch.
(EventBus.prototype as unknown as Record<string, unknown>).emit = function (
  this: { listeners: Map<string, { feature: string; listener: (p: unknown) => void }[]> },
  event: string,
  payload: unknown,
) {
  for (const { feature, listener } of this.listeners.get(event) ?? []) {
    try {
      timed(`${event} → ${feature}`, () => listener(payload));
    } catch (err) {
      console.error(feature, event, err);
    }
  }
};
wrap(FridgeCatalog.prototype, 'describe', 'catalogue: describe a status');
wrap(FridgeCatalog.prototype, 'announcingOnce', 'catalogue: announce (loop, rest)');
wrap(PublicStatusCache.prototype, 'put', 'catalogue: status cache put');
wrap(SqliteReadingStore.prototype, 'append', 'transaction: readings insert');
wrap(StateStore.prototype, 'save', 'transaction: state rows');
wrap(EmbeddedBroker.prototype, 'publishRetained', 'broker: retained publish (sync part)');
wrap(SseBroadcast.prototype, 'flush', 'live feed: write to streams');
// The alert rules' periodic work: a slice of the memory's save round, and a timer firing (its ticks are the rules').
wrap(AlertSnapshots.prototype, 'writeSlice', 'alerts: memory save slice');
wrap(AlertsFeature.prototype, 'runTimers', 'alerts: timer firing');

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** Opens a live feed and reads it to the end, as a dashboard would. */
function openFeed(httpUrl: string): () => void {
  const req = request(`${httpUrl}/api/events`, (res) => res.resume());
  req.end();
  return () => req.destroy();
}

async function main(): Promise<void> {
  const fixture = await scaleFixture(Number(fridgesArg));
  if (process.env.BENCH_DAY_OF_GAPS)
    seedDayOfGaps(fixture.dataDir, fixture.registrations, systemClock.nowMs());
  const config = loadConfig(
    {},
    {
      dataDir: fixture.dataDir,
      httpPort: 0,
      httpHost: '127.0.0.1',
      mqttPort: 0,
      mqttHost: '127.0.0.1',
      demo: false,
      ingestMaxBatch: 10_000,
    },
  );
  const system = await startSystem({ config, logger: pino({ level: 'silent' }), clock: systemClock });
  const feeds = Array.from({ length: Number(sseArg) }, () => openFeed(system.httpUrl));
  const { next: message, sensorCount } = fixtureMessages(fixture.registrations, (n, sensors) =>
    Math.floor(n / sensors),
  );
  let gcMs = 0;
  /** Pause ms and count by kind: NODE_PERFORMANCE_GC_MINOR 1 (scavenge), MAJOR 2, INCREMENTAL 4, WEAKCB 8. */
  const gcKinds = new Map<number, { ms: number; count: number }>();
  const gc = new PerformanceObserver((list) => {
    if (!timing.on) return;
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
      const k = gcKinds.get(kind) ?? { ms: 0, count: 0 };
      k.ms += entry.duration;
      k.count++;
      gcKinds.set(kind, k);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  let flushMs = 0;
  let announcements = 0;
  system.bus.on('fridgeStateChanged', 'bench', () => {
    if (timing.on) announcements++;
  });
  const warmup = Math.max(10, Math.ceil(sensorCount / size));
  let cpu = process.cpuUsage();
  let wallStarted = 0;
  try {
    for (let b = 0; b < warmup + batches; b++) {
      if (b === warmup) {
        if (process.env.BENCH_HEAP_SAMPLES) await heapSampling.start();
        timing.on = true;
        cpu = process.cpuUsage();
        wallStarted = performance.now();
      }
      const stored: Promise<unknown>[] = [];
      for (let i = 0; i < size; i++) {
        const { message: m, deviceId } = message();
        stored.push(
          system.ingest.accept(m, { deviceId, clientId: deviceId, receivedAtMs: systemClock.nowMs() }),
        );
      }
      const started = now();
      timed('commit turn, not in a part (prepare, SQLite, acks)', () => system.ingest.flush());
      if (timing.on) flushMs += now() - started;
      await Promise.all(stored);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    timing.on = false;
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - wallStarted;
    if (process.env.BENCH_HEAP_SAMPLES) await heapSampling.stop(batches * size);
    report({
      readings: batches * size,
      flushMs,
      gcMs,
      cpuMs: (used.user + used.system) / 1000,
      wallMs,
      announcements,
      fridges: fixture.registrations.length,
    });
    const kindName: Record<number, string> = {
      1: 'scavenge',
      2: 'mark-compact',
      4: 'incremental marking',
      8: 'weak callbacks',
    };
    for (const [kind, k] of gcKinds)
      console.log(
        `    GC ${kindName[kind] ?? kind}: ${k.count}×, ${((1000 * k.ms) / (batches * size)).toFixed(1)} µs per reading`,
      );
    const heap = getHeapStatistics();
    const memory = process.memoryUsage();
    console.log(
      `    RSS ${(memory.rss / 1e6).toFixed(0)} MB, external ${(memory.external / 1e6).toFixed(0)} MB of which array buffers ${(memory.arrayBuffers / 1e6).toFixed(0)} MB`,
    );
    console.log(
      `    heap used at the end ${(heap.used_heap_size / 1e6).toFixed(0)} MB of ${(heap.total_heap_size / 1e6).toFixed(0)} MB`,
    );
  } finally {
    gc.disconnect();
    for (const close of feeds) close();
    await Promise.race([system.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    rmSync(fixture.dataDir, { recursive: true, force: true });
  }
}

function report(run: {
  readings: number;
  flushMs: number;
  gcMs: number;
  cpuMs: number;
  wallMs: number;
  announcements: number;
  fridges: number;
}): void {
  const per = (ms: number) => ((1000 * ms) / run.readings).toFixed(1);
  const listed = [...parts].sort((a, b) => b[1].ms - a[1].ms);
  const timedMs = listed.reduce((sum, [, p]) => sum + p.ms, 0);
  console.log(
    `Listener cost (${process.env.BENCH_CLOCK === 'cpu' ? 'CPU' : 'wall'} clock): ${run.fridges} fridges, ${batches} batches of ${size}, ${pauseMs} ms apart; ` +
      `${run.announcements} announcements (${(run.announcements / run.readings).toFixed(2)} per reading); load ${load()}`,
  );
  console.log('  µs per reading   calls/reading  part');
  for (const [name, p] of listed)
    console.log(
      `  ${per(p.ms).padStart(8)}   ${(p.calls / run.readings).toFixed(2).padStart(12)}  ${name}` +
        // A part that runs less than once a reading (periodic work): how often, and its cost per call.
        (p.calls < run.readings
          ? ` (${p.calls} calls, ${((p.ms * 1000) / p.calls).toFixed(0)} µs each)`
          : ''),
    );
  console.log(
    `  ${per(run.flushMs).padStart(8)}                 flush (the commit's turn, all of the above in it)`,
  );
  console.log(
    `  ${per(timedMs).padStart(8)}                 sum of the parts (some run after the commit's turn)`,
  );
  console.log(`  ${per(run.gcMs).padStart(8)}                 GC pauses over the timed batches`);
  console.log(
    `  ${per(run.cpuMs).padStart(8)}                 process CPU over the timed batches (all threads)`,
  );
  const endS = performance.now() / 1000;
  console.log(
    `  wall ${(run.wallMs / 1000).toFixed(1)} s (the process's ${(endS - run.wallMs / 1000).toFixed(1)}–${endS.toFixed(1)} s, for a --cpu-prof window); load at the end ${load()}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
