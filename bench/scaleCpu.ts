/**
 * The server's CPU over one phase of `bench:scale`, taken apart (docs/scaling.md, tenth round): its
 * event loop, each of its other threads (V8's platform workers: concurrent marking, sweeping and
 * compiling; libuv's pool: zlib, scrypt, file system; the WAL checkpoint's worker), and, when the
 * server runs with `node --trace-gc`, the collector's pauses on the event loop by kind. The
 * phases compare the load with the benchmark's own list requests and without them: at 10,000
 * fridges each of those requests reads a 13.6 MB list, which a deployment's dashboards (one
 * request with its ETag) do not, so the CPU per reading of a phase without them is the one that
 * says what a reading costs.
 */
import { performance } from 'node:perf_hooks';
import type { Child } from './processes';

/** A moment's CPU counters of the server and where its stdout stood. */
export interface CpuMark {
  atMs: number;
  serverMs: number;
  loopMs: number;
  threadsMs: Map<number, number>;
  outputAt: number;
}

export function cpuMark(server: Child): CpuMark {
  return {
    atMs: performance.now(),
    serverMs: server.cpuMs(),
    loopMs: server.loopCpuMs(),
    threadsMs: server.threadCpuMs(),
    outputAt: server.output().length,
  };
}

/** The collector's work on the event loop as `--trace-gc` reports it, ms. */
export interface GcTrace {
  scavenges: number;
  scavengeMs: number;
  markCompacts: number;
  /** The final pauses of full collections. */
  markCompactMs: number;
  /** Incremental marking's steps on the event loop before those pauses ("+ 12.3 ms in 5 steps"). */
  markingStepsMs: number;
}

/**
 * Sums `--trace-gc` lines, e.g. `[12:0x…]  5015 ms: Scavenge 250.1 (270.2) -> 249.0 (271.0) MB,
 * 3.21 / 0.00 ms  (average mu = …) allocation failure;` and `… Mark-Compact 250.0 (270.0) ->
 * 240.0 (265.0) MB, 123.64 / 0.01 ms  (+ 18.2 ms in 12 steps since start of marking, …)`. The
 * first figure is the pause, the second the time in embedder callbacks within it.
 */
export function gcTrace(output: string): GcTrace {
  const trace: GcTrace = {
    scavenges: 0,
    scavengeMs: 0,
    markCompacts: 0,
    markCompactMs: 0,
    markingStepsMs: 0,
  };
  const line =
    /ms: (Scavenge|Minor Mark-Compact|Mark-Compact(?: \(reduce\))?) .*?MB, ([\d.]+) \/ [\d.]+ ms(?:\s+\(\+ ([\d.]+) ms in)?/g;
  for (const match of output.matchAll(line)) {
    const [, kind = '', pauseMs = '0', stepsMs] = match;
    if (kind === 'Scavenge' || kind === 'Minor Mark-Compact') {
      trace.scavenges++;
      trace.scavengeMs += Number(pauseMs);
    } else {
      trace.markCompacts++;
      trace.markCompactMs += Number(pauseMs);
      trace.markingStepsMs += Number(stepsMs ?? 0);
    }
  }
  return trace;
}

/**
 * One line: the server's cores and µs per reading over the phase, the event loop's and the other
 * threads' (each thread by its id, in the order the process made them), and the GC's pauses when
 * traced. `readings` is the readings offered in the phase (all of them are acknowledged when the
 * server keeps up, which the PUBACK line of the same phase says).
 */
export function cpuPhaseLine(
  name: string,
  from: CpuMark,
  to: CpuMark,
  readings: number,
  output: string,
  /** performance.now() when the server was spawned: the phase's window in its `--cpu-prof` profile. */
  serverStartedAtMs: number,
): string {
  const seconds = (to.atMs - from.atMs) / 1000;
  const perReading = (ms: number) => ((ms * 1000) / Math.max(1, readings)).toFixed(0);
  const serverMs = to.serverMs - from.serverMs;
  const loopMs = to.loopMs - from.loopMs;
  // Threads by the order the process made them (#1 is the first after the main thread): Node
  // starts V8's platform workers with the process, libuv's pool on its first use.
  const threads = [...to.threadsMs.entries()]
    .slice(1)
    .map(([tid, ms], index) => [index + 1, ms - (from.threadsMs.get(tid) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .map(([order, ms]) => `#${order} ${perReading(ms)}`)
    .join(', ');
  const gc = gcTrace(output.slice(from.outputAt, to.outputAt));
  const gcText =
    gc.scavenges + gc.markCompacts === 0
      ? 'GC not traced (add --trace-gc to BENCH_SERVER_CMD)'
      : `GC on the event loop ${perReading(gc.scavengeMs + gc.markCompactMs + gc.markingStepsMs)} µs: ${gc.scavenges} scavenges ${perReading(gc.scavengeMs)} µs, ${gc.markCompacts} mark-compacts ${perReading(gc.markCompactMs)} µs + incremental marking ${perReading(gc.markingStepsMs)} µs (pauses, wall time)`;
  const window = `${((from.atMs - serverStartedAtMs) / 1000).toFixed(0)}–${((to.atMs - serverStartedAtMs) / 1000).toFixed(0)} s after the server's spawn`;
  return `  CPU ${name} (${seconds.toFixed(0)} s, ${window}, ${readings} readings): server ${(serverMs / 1000 / seconds).toFixed(2)} cores, ${perReading(serverMs)} µs per reading = event loop ${perReading(loopMs)} + other threads ${perReading(serverMs - loopMs)} (by thread, in the order made: ${threads || 'none'}); ${gcText}`;
}
