export interface BackoffOptions {
  /** The first retry waits between half of this and all of it. */
  baseDelayMs: number;
  /** The delay stops doubling here. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): half the delay is fixed, half random, so a fleet of devices that lost the broker
 * together does not reconnect in lockstep. `attempt` counts from 0; `random01` is in [0, 1).
 */
export function reconnectDelayMs(attempt: number, options: BackoffOptions, random01: number): number {
  const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceilingMs / 2 + (ceilingMs / 2) * random01);
}
