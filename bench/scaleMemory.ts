/**
 * `bench:scale`'s memory series: every 15 s the server's RSS as the kernel splits it (anonymous,
 * file-backed, shared: /proc/PID/status) next to what V8 says of its own heap and of the memory
 * it knows lives outside it (the server's `/metrics`, prom-client's default Node.js metrics).
 * What is anonymous but neither heap nor "external" is native: malloc'd by SQLite, libuv, OpenSSL,
 * glibc's arenas and their fragmentation. The trend of each after warm-up says which one grows.
 *
 * With the server started under `--heapsnapshot-signal=SIGUSR2` (BENCH_SERVER_CMD) and
 * BENCH_SCALE_SNAPSHOT_AT=minutes (e.g. `1,3`), the sampler also asks for heap snapshots at those
 * minutes of the load; `bench/heapSummary.ts` summarises them (docs/scaling.md, "Memory, fourth round").
 */
import { performance } from 'node:perf_hooks';
import type { Child } from './processes';
import { BENCH_TOKEN } from './provision';

/** A /metrics answer later than this is not taken as the heap at the sample's moment. */
const METRICS_LATE_MS = 5_000;

export interface MemorySample {
  minute: number;
  rss: number;
  anon: number;
  file: number;
  shmem: number;
  heapUsed: number;
  heapTotal: number;
  /** Of the heap total: the young generation (two semi-spaces) and large objects (≥ 128 kB each). */
  newSpace: number;
  largeObjects: number;
  external: number;
  /** Anonymous memory that is neither V8's heap nor memory V8 was told about: native allocations. */
  native: number;
  /** The external broker's RSS (BENCH_SCALE_BROKER=mosquitto), else NaN. */
  broker: number;
  /**
   * The event loop's delay since the previous scrape, ms (scaleStalls.ts). prom-client resets its
   * histogram at each scrape, so this one scrape serves both series.
   */
  loopP99Ms: number;
  loopMaxMs: number;
}

const NO_HEAP = {
  heapUsed: Number.NaN,
  heapTotal: Number.NaN,
  newSpace: Number.NaN,
  largeObjects: Number.NaN,
  external: Number.NaN,
  loopP99Ms: Number.NaN,
  loopMaxMs: Number.NaN,
};

/** The server's heap and external memory from its own `/metrics` (prom-client's default metrics), MB. */
async function heapOf(httpUrl: string): Promise<{
  heapUsed: number;
  heapTotal: number;
  newSpace: number;
  largeObjects: number;
  external: number;
  loopP99Ms: number;
  loopMaxMs: number;
}> {
  try {
    const text = await (
      await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } })
    ).text();
    const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1] ?? Number.NaN);
    const mb = (name: string) => value(name) / 1e6;
    return {
      heapUsed: mb('nodejs_heap_size_used_bytes'),
      heapTotal: mb('nodejs_heap_size_total_bytes'),
      newSpace: mb('nodejs_heap_space_size_total_bytes\\{space="new"\\}'),
      largeObjects: mb('nodejs_heap_space_size_total_bytes\\{space="large_object"\\}'),
      external: mb('nodejs_external_memory_bytes'),
      loopP99Ms: value('nodejs_eventloop_lag_p99_seconds') * 1000,
      loopMaxMs: value('nodejs_eventloop_lag_max_seconds') * 1000,
    };
  } catch {
    return NO_HEAP;
  }
}

/** Least-squares slope (MB per minute) of one field over the samples after `fromMinute` (warm-up). */
export function slopeMbPerMin(
  samples: readonly MemorySample[],
  field: keyof MemorySample,
  fromMinute = 1,
): number {
  const used = samples.filter((s) => s.minute >= fromMinute && Number.isFinite(s[field]));
  if (used.length < 2) return Number.NaN;
  const mx = used.reduce((sum, s) => sum + s.minute, 0) / used.length;
  const my = used.reduce((sum, s) => sum + s[field], 0) / used.length;
  const num = used.reduce((sum, s) => sum + (s.minute - mx) * (s[field] - my), 0);
  const den = used.reduce((sum, s) => sum + (s.minute - mx) ** 2, 0);
  return num / den;
}

export function memorySampler(server: Child, httpUrl: string, broker: { rssMb(): number } | null) {
  const samples: MemorySample[] = [];
  const snapshotsAt = (process.env.BENCH_SCALE_SNAPSHOT_AT ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);
  return {
    samples,
    /** Takes one sample `minute` minutes into the load (and a heap snapshot if one is due). */
    async sample(minute: number): Promise<MemorySample> {
      const split = server.rssSplitMb();
      const askedAt = performance.now();
      let heap = await heapOf(httpUrl);
      // A /metrics answer that waited for a busy event loop describes a later moment than the RSS:
      // left out (the 10,000-fridge run with Mosquitto answered minutes late, all with one value).
      if (performance.now() - askedAt > METRICS_LATE_MS) heap = NO_HEAP;
      const taken: MemorySample = {
        minute,
        ...split,
        ...heap,
        native: split.anon - heap.heapTotal - heap.external,
        broker: broker ? broker.rssMb() : Number.NaN,
      };
      samples.push(taken);
      if (snapshotsAt.length > 0 && minute >= (snapshotsAt[0] as number) && server.process.pid) {
        snapshotsAt.shift();
        process.kill(server.process.pid, 'SIGUSR2');
        console.log(`  heap snapshot asked for at ${minute.toFixed(1)} min (SIGUSR2)`);
      }
      return taken;
    },
    /** The series as lines for the report, and each part's trend after the first minute. */
    report(minutes: number): string[] {
      const f0 = (n: number) => n.toFixed(0);
      samples.sort((a, b) => a.minute - b.minute);
      const rows = samples.map((s) => `    ${memorySampleLine(s)}`);
      const last = samples.at(-1);
      const trend = (field: keyof MemorySample) => slopeMbPerMin(samples, field).toFixed(2);
      const rssSlope = slopeMbPerMin(samples, 'rss');
      return [
        '  memory (MB): RSS split by the kernel; V8 heap used/total (of it the young generation and large objects) and external from /metrics; native = anon − heap total − external',
        ...rows,
        `  trend after the first minute (MB/min): rss ${trend('rss')}, heap total ${trend('heapTotal')}, heap used ${trend('heapUsed')}, external ${trend('external')}, native ${trend('native')}, file ${trend('file')}${broker ? `, Mosquitto ${trend('broker')}` : ''}`,
        `  RSS at 60 min if that trend held: ${last ? f0(last.rss + rssSlope * (60 - minutes)) : '?'} MB`,
      ];
    },
  };
}

/** One sample as a report line: the RSS as the kernel splits it, V8's heap, external, native (MB). */
export function memorySampleLine(s: MemorySample): string {
  const f0 = (n: number) => n.toFixed(0);
  return `${s.minute.toFixed(1).padStart(5)}m  rss ${f0(s.rss).padStart(5)} = anon ${f0(s.anon).padStart(5)} + file ${f0(s.file).padStart(3)} + shmem ${f0(s.shmem).padStart(3)};  heap ${f0(s.heapUsed).padStart(4)}/${f0(s.heapTotal).padStart(4)} (new ${f0(s.newSpace)}, large ${f0(s.largeObjects)})  external ${f0(s.external).padStart(3)}  native ${f0(s.native).padStart(4)}${Number.isNaN(s.broker) ? '' : `;  Mosquitto ${f0(s.broker)}`}`;
}
