import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATIONS_CONFIG } from '../../../../server/domain/notifications/config';
import { afterAttempt, retryDelayMs } from '../../../../server/domain/notifications/retry';

const policy = DEFAULT_NOTIFICATIONS_CONFIG;

describe('retrying a delivery', () => {
  it('doubles the wait from the first retry up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, policy))).toEqual([
      15_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000,
    ]);
  });

  it('never waits less than the first delay nor more than the cap, and never less than before (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 100, max: 60_000 }),
        fc.integer({ min: 100, max: 3_600_000 }),
        (attempts, first, max) => {
          const p = { retryFirstMs: first, retryMaxMs: Math.max(first, max) };
          const delay = retryDelayMs(attempts, p);
          expect(delay).toBeGreaterThanOrEqual(p.retryFirstMs);
          expect(delay).toBeLessThanOrEqual(p.retryMaxMs);
          expect(delay).toBeGreaterThanOrEqual(retryDelayMs(attempts - 1 || 1, p));
        },
      ),
    );
  });

  it('keeps trying through a 10-minute SMTP outage: the next try is at most retryMaxMs after it ends', () => {
    let now = 0;
    let attempts = 0;
    const outageEndsMs = 10 * 60_000;
    let sentAtMs: number | null = null;
    while (sentAtMs === null) {
      attempts++;
      const up = now >= outageEndsMs;
      const next = afterAttempt(
        up ? { ok: true } : { ok: false, permanent: false, error: 'ECONNREFUSED' },
        attempts,
        0,
        now,
        policy,
      );
      if (next.status === 'sent') sentAtMs = now;
      else if (next.status === 'pending') now = next.nextAttemptAtMs;
      else throw new Error(`dropped: ${next.reason}`);
    }
    expect(sentAtMs - outageEndsMs).toBeLessThanOrEqual(policy.retryMaxMs);
  });

  it('fails at once on a permanent refusal, and gives up only after giveUpAfterMs', () => {
    expect(afterAttempt({ ok: false, permanent: true, error: '550 no such user' }, 1, 0, 0, policy)).toEqual({
      status: 'failed',
      reason: '550 no such user',
    });
    const late = afterAttempt(
      { ok: false, permanent: false, error: 'timeout' },
      40,
      0,
      policy.giveUpAfterMs,
      policy,
    );
    expect(late.status).toBe('failed');
  });
});
