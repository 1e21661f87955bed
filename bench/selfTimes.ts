import { performance } from 'node:perf_hooks';

// Self times of named parts for bench/listenerCost.ts: nested parts are taken out of their caller.

/**
 * BENCH_CLOCK=cpu times with the process's CPU time (getrusage, about 1 µs a call; the pool's
 * threads count too) instead of the wall clock, which a loaded machine stretches by preemption.
 */
export const now =
  process.env.BENCH_CLOCK === 'cpu'
    ? () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      }
    : () => performance.now();
export const parts = new Map<string, { ms: number; calls: number }>();
/** Whether calls are timed now (the timed batches), else they run untimed. */
export const timing = { on: false };
const stack: { name: string; startedAt: number; nestedMs: number }[] = [];

export function timed<T>(name: string, work: () => T): T {
  if (!timing.on) return work();
  const frame = { name, startedAt: now(), nestedMs: 0 };
  stack.push(frame);
  try {
    return work();
  } finally {
    stack.pop();
    const totalMs = now() - frame.startedAt;
    const parent = stack[stack.length - 1];
    if (parent) parent.nestedMs += totalMs;
    const part = parts.get(name) ?? { ms: 0, calls: 0 };
    part.ms += totalMs - frame.nestedMs;
    part.calls++;
    parts.set(name, part);
  }
}

/** Wraps a prototype's method so each call is timed under `name`. */
export function wrap(proto: object, method: string, name: string): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  if (typeof original !== 'function') throw new Error(`no method ${method} to time`);
  target[method] = function (this: unknown, ...args: unknown[]) {
    return timed(name, () => original.apply(this, args));
  };
}
