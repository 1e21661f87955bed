import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  endOfDailyWindow,
  formatLocalTime,
  isInDailyWindow,
  localMinutesOfDay,
  minutesOfClockTime,
} from '../../../server/domain/timeOfDay';

describe('local time of day', () => {
  it('reads wall-clock time in a zone', () => {
    const t = Date.UTC(2026, 0, 15, 17, 30);
    expect(formatLocalTime(t, 'UTC')).toBe('17:30');
    expect(formatLocalTime(t, 'America/New_York')).toBe('12:30');
    expect(localMinutesOfDay(t, 'Asia/Kolkata')).toBe(23 * 60);
  });

  it('handles windows that wrap past midnight, and empty ones', () => {
    const at = (h: number, m = 0) => Date.UTC(2026, 0, 15, h, m);
    const night = { from: '22:00', to: '07:00' };
    expect(
      [at(21, 59), at(22), at(3), at(6, 59), at(7)].map((t) => isInDailyWindow(t, night, 'UTC')),
    ).toEqual([false, true, true, true, false]);
    expect(isInDailyWindow(at(12), { from: '09:00', to: '09:00' }, 'UTC')).toBe(false);
    expect(() => minutesOfClockTime('24:00')).toThrow(RangeError);
  });

  it('ends a window at its `to` time, never before the instant given (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney'),
        (ms, toMinutes, zone) => {
          const to = `${String(Math.floor(toMinutes / 60)).padStart(2, '0')}:${String(toMinutes % 60).padStart(2, '0')}`;
          const end = endOfDailyWindow(ms, { from: '00:00', to }, zone);
          expect(end).toBeGreaterThanOrEqual(ms);
          expect(end - ms).toBeLessThanOrEqual(25 * 3600_000);
          // Either exactly at the local `to` minute, or `ms` itself when already there (or skipped by DST).
          if (end > ms) expect(localMinutesOfDay(end, zone)).toBe(toMinutes);
        },
      ),
    );
  });
});
