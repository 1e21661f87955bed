import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectLimiter, type ConnectLimits } from '../../broker/connectLimiter';

const limits: ConnectLimits = {
  windowMs: 60_000,
  maxAttemptsPerAddress: 5,
  maxFailuresPerDevice: 3,
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

  it('locks an address out after repeated failures, and lets it in after the window', () => {
    const { limiter, clock } = limiterAt();
    for (let i = 0; i < limits.maxFailuresPerAddress; i++) {
      expect(limiter.lockout('203.0.113.9')).toBeNull();
      limiter.recordFailure('203.0.113.9', i % 2 === 0 ? null : 'elm-sensor');
    }
    expect(limiter.lockout('203.0.113.9')).toBe('address-locked');
    expect(limiter.lockout('198.51.100.1')).toBeNull();
    clock.nowMs += limits.windowMs - 1;
    expect(limiter.lockout('203.0.113.9')).toBe('address-locked');
    clock.nowMs += 1;
    expect(limiter.lockout('203.0.113.9')).toBeNull();
  });

  it("never locks an address out for a device id's failures made from other addresses", () => {
    const { limiter } = limiterAt();
    // A stranger fails as elm-sensor from many addresses, far past every limit.
    for (let i = 0; i < 10 * limits.maxFailuresPerAddress; i++)
      limiter.recordFailure(`10.9.${i}.1`, 'elm-sensor');
    // The real device's address is not locked: its login is checked, and the right secret gets in.
    expect(limiter.lockout('192.0.2.50')).toBeNull();
    // The device counts as being guessed at, which only rations its password checks.
    expect(limiter.underGuessing('elm-sensor')).toBe(true);
    expect(limiter.underGuessing('oak-sensor')).toBe(false);
  });

  it('counts a device as guessed at only while its failures stay in the window, and forgets them on success', () => {
    const { limiter, clock } = limiterAt();
    for (let i = 0; i < limits.maxFailuresPerDevice - 1; i++)
      limiter.recordFailure(`10.0.0.${i}`, 'elm-sensor');
    expect(limiter.underGuessing('elm-sensor')).toBe(false);
    limiter.recordFailure('10.0.0.99', 'elm-sensor');
    expect(limiter.underGuessing('elm-sensor')).toBe(true);
    clock.nowMs += limits.windowMs;
    expect(limiter.underGuessing('elm-sensor')).toBe(false);
    for (let i = 0; i < limits.maxFailuresPerDevice; i++) limiter.recordFailure('10.0.0.1', 'elm-sensor');
    limiter.recordSuccess('elm-sensor');
    expect(limiter.underGuessing('elm-sensor')).toBe(false);
  });

  it('an unknown username counts against the address only', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 10 * limits.maxFailuresPerDevice; i++) limiter.recordFailure(`10.3.${i}.1`, null);
    expect(limiter.trackedKeys()).toBe(10 * limits.maxFailuresPerDevice);
    expect(limiter.lockout('10.3.0.1')).toBeNull();
  });

  it("forgets a device's failures when it succeeds, but not its address's", () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < limits.maxFailuresPerAddress - 1; i++)
      limiter.recordFailure('10.0.0.1', 'elm-sensor');
    limiter.recordSuccess('elm-sensor');
    limiter.recordFailure('10.0.0.1', null);
    expect(limiter.lockout('10.0.0.1')).toBe('address-locked');
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
      limiter.recordFailure(`10.1.${i % 250}.${Math.floor(i / 250)}`, `device-${i}`);
    expect(limiter.trackedKeys()).toBe(limits.maxTrackedKeys);
  });
});
