import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../firmware-sim/backoff';

describe('reconnect backoff', () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

  it('doubles with each failed attempt up to the ceiling', () => {
    const longest = [0, 1, 2, 3, 6, 7, 50].map((attempt) => reconnectDelayMs(attempt, options, 0.999999));
    expect(longest).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000]);
  });

  it('keeps at least half the delay whatever the jitter', () => {
    expect(reconnectDelayMs(0, options, 0)).toBe(500);
    expect(reconnectDelayMs(10, options, 0)).toBe(30_000);
  });
});
