/** Time source injected everywhere a rule depends on "now", so tests can control it. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export const isoTime = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();
