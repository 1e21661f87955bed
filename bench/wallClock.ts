/**
 * `performance.now()` as milliseconds since the epoch, comparable across the benchmark's
 * processes: the live-feed probe sets each event against the time another process sent the
 * reading, and `bench/stallAttribution.ts` sets the server's stalls against its log's epoch times.
 * `performance.timeOrigin + now()` was that clock until the fourteenth round, but Node reads
 * `timeOrigin`'s wall time and its monotonic start at two moments of the process's start, so a
 * process descheduled between them runs its whole life off by that much (one 10,000-fridge run's
 * live feed had a p50 of 109 ms where every other run had 1 ms: docs/scaling.md, fourteenth
 * round). Here the offset is read at the moment `Date.now()` ticks over to a new millisecond:
 * the tick fell between two reads of `performance.now()`, and of five ticks the one with the
 * closest pair counts, so a process descheduled while it watches one tick still gets the offset
 * to a few microseconds (one tick alone, on a machine busy with the benchmark: 20 offsets spread
 * over 0.9 ms, against 0.005 ms for the best of five; a live feed's p50 of -1.0 ms in the
 * fourteenth round's pool A/B).
 */
const TICKS = 5;

function wallClockOffsetMs(): number {
  let bestWidthMs = Number.POSITIVE_INFINITY;
  let bestOffsetMs = 0;
  for (let tick = 0; tick < TICKS; tick++) {
    const start = Date.now();
    let before = performance.now();
    let now = start;
    let after = before;
    // At most a millisecond of spinning per tick, once per process.
    while (now === start) {
      before = after;
      now = Date.now();
      after = performance.now();
    }
    // `now` turned over between the read of `before` and that of `after`.
    if (after - before < bestWidthMs) {
      bestWidthMs = after - before;
      bestOffsetMs = now - (before + after) / 2;
    }
  }
  return bestOffsetMs;
}

const offsetMs = wallClockOffsetMs();

/** A `performance.now()` value of this process as ms since the epoch. */
export const toWallClockMs = (monotonicMs: number): number => offsetMs + monotonicMs;

/** Now, as ms since the epoch at `performance.now()`'s resolution. */
export const wallClockMs = (): number => offsetMs + performance.now();
