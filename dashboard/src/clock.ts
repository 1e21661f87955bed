/**
 * The time source of the page. Relative times ("updated 2 min ago") are computed from `now()` and
 * re-rendered on `every()`; tests and demos pass their own clock instead of waiting.
 */
export interface Clock {
  now(): number;
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  every(intervalMs: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, tick) {
    const timer = setInterval(tick, intervalMs);
    return () => clearInterval(timer);
  },
};

/** How often relative times are re-rendered. */
export const RELATIVE_TIME_REFRESH_MS = 15_000;
