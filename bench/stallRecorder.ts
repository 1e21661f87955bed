/**
 * A recorder of what holds the server's event loop, preloaded into the server process of
 * `bench:scale` (issue 12: the live feed's p99 is ten times its p50, so something holds the loop
 * for hundreds of ms now and then). It changes nothing the server does; it only times:
 * - every **task** the loop runs from a timer (`setTimeout`, `setInterval`, `setImmediate`) or an
 *   emitter (a socket's `data`, the HTTP server's `request`, …; the outermost `emit` only), and
 *   keeps those of TRACE_TASK_MS or more with a name (the callback's name or its first source
 *   line; the emitter's class, event and, for sockets, local port);
 * - every **garbage collection** (kind, start, duration) from a PerformanceObserver;
 * - every **block**: a 10 ms heartbeat that came TRACE_BLOCK_MS or more late, i.e. the loop ran
 *   something (tasks, the microtasks after them, GC) for that long without a break.
 * At exit it writes them as JSON to $STALL_TRACE, with absolute times (ms since the epoch, as
 * bench/wallClock.ts), which `bench/stallAttribution.ts` sets against the live
 * feed's events. Usage (the server runs dist/, tsx only loads this file):
 *
 *   BENCH_SERVER_CMD="node --max-semi-space-size=16 --heap-growing-percent=100 --import tsx --import ./bench/stallRecorder.ts dist/server/main.js" \
 *   BENCH_SERVER_ENV='{"STALL_TRACE":"/tmp/stalls.json"}' BENCH_SCALE_FEED=/tmp/feed.json \
 *   BENCH_SCALE=3000 BENCH_SCALE_MINUTES=1 npx tsx bench/scale.ts
 */
import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import timers from 'node:timers';
import { toWallClockMs } from './wallClock';

export interface StallTrace {
  tasks: Array<{ at: number; ms: number; what: string }>;
  gcs: Array<{ at: number; ms: number; kind: string }>;
  /** cpuMs: the main thread on a core; waitMs: runnable but waiting for a core (/proc schedstat). */
  /** `short`: the wrapped tasks under TRACE_TASK_MS in the block, ms by name (the largest few). */
  blocks: Array<{ at: number; ms: number; cpuMs: number; waitMs: number; short: Record<string, number> }>;
  loopDelayMs: { p50: number; p99: number; max: number };
}

const TASK_MS = Number(process.env.TRACE_TASK_MS ?? 20);
const BLOCK_MS = Number(process.env.TRACE_BLOCK_MS ?? 30);
const HEARTBEAT_MS = 10;
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

function record(file: string): void {
  const trace: StallTrace = { tasks: [], gcs: [], blocks: [], loopDelayMs: { p50: 0, p99: 0, max: 0 } };
  let depth = 0;
  const sinceBeat = new Map<string, number>();

  const timed = <A extends unknown[], R>(
    what: () => string,
    fn: (...args: A) => R,
    self: unknown,
    args: A,
  ): R => {
    if (depth > 0) return fn.apply(self, args);
    depth++;
    const started = performance.now();
    try {
      return fn.apply(self, args);
    } finally {
      depth--;
      const ms = performance.now() - started;
      if (ms >= TASK_MS) trace.tasks.push({ at: toWallClockMs(started), ms, what: what() });
      else if (ms >= 0.05) {
        // Short tasks since the last heartbeat, by name: what a block without a long task was made of.
        const name = what();
        sinceBeat.set(name, (sinceBeat.get(name) ?? 0) + ms);
      }
    }
  };
  const nameOf = (fn: (...args: unknown[]) => unknown) =>
    fn.name || fn.toString().slice(0, 100).replace(/\s+/g, ' ');

  type Scheduler = (fn: (...args: unknown[]) => unknown, ...rest: unknown[]) => unknown;
  const wrapScheduler = (kind: string, original: Scheduler): Scheduler =>
    function (this: unknown, fn, ...rest) {
      if (typeof fn !== 'function') return original.call(this, fn, ...rest);
      const wrapped = function (this: unknown, ...args: unknown[]) {
        return timed(() => `${kind} ${nameOf(fn)}`, fn, this, args);
      };
      return original.call(this, wrapped, ...rest);
    };
  const originalSetInterval = globalThis.setInterval;
  for (const kind of ['setTimeout', 'setInterval', 'setImmediate'] as const) {
    const wrapped = wrapScheduler(kind, globalThis[kind] as unknown as Scheduler);
    (globalThis as Record<string, unknown>)[kind] = wrapped;
    (timers as unknown as Record<string, unknown>)[kind] = wrapped;
  }
  syncBuiltinESMExports();

  const emit = EventEmitter.prototype.emit;
  EventEmitter.prototype.emit = function (this: EventEmitter, event: string | symbol, ...args: unknown[]) {
    return timed(
      () => {
        const port = (this as { localPort?: number }).localPort;
        return `${this.constructor?.name ?? '?'}${port ? `:${port}` : ''} ${String(event)}`;
      },
      emit as (...a: unknown[]) => boolean,
      this,
      [event, ...args],
    );
  };

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      trace.gcs.push({
        at: toWallClockMs(entry.startTime),
        ms: entry.duration,
        kind: GC_KINDS[kind] ?? String(kind),
      });
    }
  }).observe({ entryTypes: ['gc'] });

  // The main thread's time on a core and waiting for one, ns (the heartbeat runs on it): a block
  // on a loaded machine is partly the scheduler's, not the server's.
  const schedstat = () => readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
  let last = performance.now();
  let [lastCpu = 0, lastWait = 0] = schedstat();
  originalSetInterval(() => {
    const now = performance.now();
    const [cpu = 0, wait = 0] = schedstat();
    if (now - last >= BLOCK_MS + HEARTBEAT_MS)
      trace.blocks.push({
        at: toWallClockMs(last + HEARTBEAT_MS),
        ms: now - last - HEARTBEAT_MS,
        cpuMs: (cpu - lastCpu) / 1e6,
        waitMs: (wait - lastWait) / 1e6,
        short: Object.fromEntries([...sinceBeat.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5)),
      });
    sinceBeat.clear();
    last = now;
    lastCpu = cpu;
    lastWait = wait;
  }, HEARTBEAT_MS).unref();

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('exit', () => {
    trace.loopDelayMs = {
      p50: delay.percentile(50) / 1e6,
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
    };
    // The first server of a run keeps the file: bench:scale's restart runs with the same variables.
    try {
      writeFileSync(file, JSON.stringify(trace), { flag: 'wx' });
    } catch {
      // Already written by the run's first server.
    }
  });
}

if (process.env.STALL_TRACE) record(process.env.STALL_TRACE);
