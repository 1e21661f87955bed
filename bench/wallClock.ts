/**
 * `performance.now()` as milliseconds since the epoch, comparable across the benchmark's
 * processes: the live-feed probe sets each event against the time another process sent the
 * reading. `performance.timeOrigin + now()` was that clock until the fourteenth round, but Node
 * reads `timeOrigin`'s wall time and its monotonic start at two moments of the process's start,
 * so a process descheduled between them runs its whole life off by that much (one 10,000-fridge
 * run's live feed had a p50 of 109 ms where every other run had 1 ms: docs/scaling.md,
 * fourteenth round). Here the offset is read at the moment `Date.now()` ticks over to a new
 * millisecond, so it is right to a fraction of a millisecond whenever the process started.
 */
function wallClockOffsetMs(): number {
  const start = Date.now();
  let now = start;
  // At most a millisecond of spinning, once per process.
  while (now === start) now = Date.now();
  return now - performance.now();
}

const offsetMs = wallClockOffsetMs();

/** A `performance.now()` value of this process as ms since the epoch. */
export const toWallClockMs = (monotonicMs: number): number => offsetMs + monotonicMs;

/** Now, as ms since the epoch at `performance.now()`'s resolution. */
export const wallClockMs = (): number => offsetMs + performance.now();
