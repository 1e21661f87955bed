import { type PerformanceEntry, PerformanceObserver, performance } from 'node:perf_hooks';

/**
 * A job that holds the event loop this long is logged. Half of issue 12's 100 ms target for
 * publish → SSE event: a job this long alone spends half of every waiting reading's budget.
 */
export const SLOW_TURN_MS = 50;

/** The message of every slow-turn line, which `bench:scale` counts per job (docs/scaling.md). */
export const SLOW_TURN_MSG = 'slow turn';

export interface SlowTurnLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Runs `fn` and logs it when it held the loop for SLOW_TURN_MS or more: which periodic job makes
 * the live feed's p99 (issue 12) is then in the log, not guessed from a profile.
 */
export function timedTurn<T>(
  job: string,
  logger: SlowTurnLogger,
  fn: () => T,
  details?: () => object,
  nowMs: () => number = () => performance.now(),
): T {
  const started = nowMs();
  try {
    return fn();
  } finally {
    const ms = nowMs() - started;
    if (ms >= SLOW_TURN_MS) logger.warn({ job, ms: Math.round(ms), ...details?.() }, SLOW_TURN_MSG);
  }
}

/** Runs a slice on a later turn of the event loop; returns a cancel (tests run slices by hand). */
export type DeferTurn = (slice: () => void) => () => void;

export const nextTurn: DeferTurn = (slice) => {
  const immediate = setImmediate(slice);
  return () => clearImmediate(immediate);
};

/**
 * Runs `slice` once per turn of the event loop, each timed as `job`, for as long as it returns
 * true: a save too long for one turn (the estimator's, the alert rules') is spread so sockets are
 * read between its slices. Returns a cancel for the slice not yet run.
 */
export function sliceAcrossTurns(
  job: string,
  logger: SlowTurnLogger,
  slice: () => boolean,
  defer: DeferTurn = nextTurn,
): () => void {
  let cancel = () => {};
  const turn = () => {
    cancel = () => {};
    if (timedTurn(job, logger, slice)) cancel = defer(turn);
  };
  cancel = defer(turn);
  return () => cancel();
}

/**
 * Logs the garbage collector's pauses of SLOW_TURN_MS or more as slow turns of job "gc" (a major
 * mark-compact with a heap of hundreds of MB stops the loop as a job would). The observer costs a
 * callback per collection, a few a second under load.
 */
export function watchGcPauses(logger: SlowTurnLogger): () => void {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceEntry[]) {
      if (entry.duration < SLOW_TURN_MS) continue;
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      logger.warn({ job: 'gc', ms: Math.round(entry.duration), kind: gcKindName(kind) }, SLOW_TURN_MSG);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

/** perf_hooks.constants.NODE_PERFORMANCE_GC_*: 1 minor, 2 major, 4 incremental, 8 weak callbacks. */
function gcKindName(kind: number | undefined): string {
  switch (kind) {
    case 1:
      return 'minor';
    case 2:
      return 'major';
    case 4:
      return 'incremental';
    case 8:
      return 'weakcb';
    default:
      return String(kind);
  }
}
