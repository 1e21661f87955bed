import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectLimiter, type ConnectLimits } from '../../broker/connectLimiter';

const limits: ConnectLimits = {
  windowMs: 60_000,
  maxAttemptsPerAddress: 5,
  maxFailuresPerClientId: 3,
  maxFailuresPerAddress: 6,
  maxTrackedKeys: 100,
};

function limiterAt(startMs = 1_000_000) {
  const clock = { nowMs: startMs };
  const limiter = new ConnectLimiter(limits, () => clock.nowMs);
  return { limiter, clock };
}

describe('ConnectLimiter', () => {
  it('admits a set number of attempts per address per window, then again once the window passed', () => {
    const { limiter, clock } = limiterAt();
    for (let i = 0; i < limits.maxAttemptsPerAddress; i++)
      expect(limiter.admitAttempt('10.0.0.7')).toBeNull();
    expect(limiter.admitAttempt('10.0.0.7')).toBe('too-many-attempts');
    // Another address is not affected.
    expect(limiter.admitAttempt('10.0.0.8')).toBeNull();
    clock.nowMs += limits.windowMs;
    expect(limiter.admitAttempt('10.0.0.7')).toBeNull();
  });

  it('locks a client id out after repeated failures, and lets it in after the window', () => {
    const { limiter, clock } = limiterAt();
    for (let i = 0; i < limits.maxFailuresPerClientId; i++) {
      expect(limiter.lockout('elm-sensor', `10.0.0.${i}`)).toBeNull();
      limiter.recordFailure('elm-sensor', `10.0.0.${i}`);
    }
    expect(limiter.lockout('elm-sensor', '10.0.0.99')).toBe('client-id-locked');
    expect(limiter.lockout('oak-sensor', '10.0.0.99')).toBeNull();
    clock.nowMs += limits.windowMs - 1;
    expect(limiter.lockout('elm-sensor', '10.0.0.99')).toBe('client-id-locked');
    clock.nowMs += 1;
    expect(limiter.lockout('elm-sensor', '10.0.0.99')).toBeNull();
  });

  it('locks an address out when it fails with many client ids', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < limits.maxFailuresPerAddress; i++) limiter.recordFailure(`guess-${i}`, '203.0.113.9');
    expect(limiter.lockout('a-real-device', '203.0.113.9')).toBe('address-locked');
    expect(limiter.lockout('a-real-device', '198.51.100.1')).toBeNull();
  });

  it("forgets a client id's failures when it succeeds, but not its address's", () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < limits.maxFailuresPerClientId; i++) limiter.recordFailure('elm-sensor', '10.0.0.1');
    limiter.recordSuccess('elm-sensor');
    expect(limiter.lockout('elm-sensor', '10.0.0.2')).toBeNull();
    for (let i = 0; i < limits.maxFailuresPerAddress - limits.maxFailuresPerClientId; i++) {
      limiter.recordFailure(`other-${i}`, '10.0.0.1');
    }
    expect(limiter.lockout('elm-sensor', '10.0.0.1')).toBe('address-locked');
  });

  it('never admits more than the limit inside any window, whatever the arrival times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }), (gapsMs) => {
        const { limiter, clock } = limiterAt(0);
        const admitted: number[] = [];
        for (const gap of gapsMs) {
          clock.nowMs += gap;
          if (limiter.admitAttempt('192.0.2.1') === null) admitted.push(clock.nowMs);
        }
        // Every window [t, t + windowMs) holds at most the limit of admitted attempts.
        for (const [i, t] of admitted.entries()) {
          const inWindow = admitted.slice(i).filter((u) => u - t < limits.windowMs).length;
          expect(inWindow).toBeLessThanOrEqual(limits.maxAttemptsPerAddress);
        }
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('keeps a bounded number of keys however many client ids an attacker invents', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 10 * limits.maxTrackedKeys; i++)
      limiter.recordFailure(`random-${i}`, `10.1.${i % 250}.1`);
    expect(limiter.trackedKeys()).toBe(limits.maxTrackedKeys);
  });
});
