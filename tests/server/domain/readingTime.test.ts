import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReadingTimePolicy, resolveMeasuredAt } from '../../../server/domain/readingTime';

// The defaults documented in docs/protocol.md: 1 minute ahead, 24 hours back.
const policy: ReadingTimePolicy = { futureToleranceMs: 60_000, maxAgeMs: 24 * 3600_000 };
const receivedAtMs = Date.UTC(2026, 10, 29, 17, 30);

describe('resolveMeasuredAt', () => {
  it('uses the receive time, without a skew flag, when the device sent no time', () => {
    expect(resolveMeasuredAt(undefined, receivedAtMs, policy)).toEqual({
      measuredAtMs: receivedAtMs,
      clockSkew: false,
    });
  });

  it('honours a device time slightly ahead, up to one minute', () => {
    expect(resolveMeasuredAt(receivedAtMs + 60_000, receivedAtMs, policy)).toEqual({
      measuredAtMs: receivedAtMs + 60_000,
      clockSkew: false,
    });
  });

  it('flags a device time more than one minute ahead and falls back to the receive time', () => {
    expect(resolveMeasuredAt(receivedAtMs + 60_001, receivedAtMs, policy)).toEqual({
      measuredAtMs: receivedAtMs,
      clockSkew: true,
    });
  });

  it('honours an offline-buffer resend up to 24 hours old', () => {
    const dayAgo = receivedAtMs - 24 * 3600_000;
    expect(resolveMeasuredAt(dayAgo, receivedAtMs, policy)).toEqual({
      measuredAtMs: dayAgo,
      clockSkew: false,
    });
  });

  it('flags a device time older than 24 hours, such as a clock reset to 1970', () => {
    expect(resolveMeasuredAt(receivedAtMs - 24 * 3600_000 - 1, receivedAtMs, policy)).toEqual({
      measuredAtMs: receivedAtMs,
      clockSkew: true,
    });
    expect(resolveMeasuredAt(0, receivedAtMs, policy)).toEqual({
      measuredAtMs: receivedAtMs,
      clockSkew: true,
    });
  });

  it('always lands inside the believable window, and flags exactly the times it overrides (property)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 }), { nil: undefined }),
        fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 }),
        (deviceTimeMs, received) => {
          const { measuredAtMs, clockSkew } = resolveMeasuredAt(deviceTimeMs, received, policy);
          expect(measuredAtMs).toBeGreaterThanOrEqual(received - policy.maxAgeMs);
          expect(measuredAtMs).toBeLessThanOrEqual(received + policy.futureToleranceMs);
          if (deviceTimeMs === undefined) expect(clockSkew).toBe(false);
          else expect(clockSkew).toBe(measuredAtMs !== deviceTimeMs);
          if (clockSkew) expect(measuredAtMs).toBe(received);
        },
      ),
      { numRuns: 300 },
    );
  });
});
