import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../contract/openingHours';
import { isOpenAt, WEEKDAYS } from '../../contract/openingHoursRules';
import {
  ALWAYS_OPEN,
  formatOpeningHours,
  openingHoursProblems,
  parseOpeningHours,
} from '../../contract/openingHoursText';

// 2026-12-07 is a Monday.
const at = (isoLocal: string) => Date.parse(isoLocal);
const weekdays: OpeningHours = { mo: [{ from: '08:00', to: '20:00' }], fr: [{ from: '22:00', to: '02:00' }] };

describe('isOpenAt', () => {
  it('reads the ranges in the site time zone, not UTC', () => {
    // 07:30 UTC is 08:30 in Berlin (CET, UTC+1 in December): open there, closed in UTC.
    expect(isOpenAt(weekdays, at('2026-12-07T07:30:00Z'), 'Europe/Berlin')).toBe(true);
    expect(isOpenAt(weekdays, at('2026-12-07T07:30:00Z'), 'UTC')).toBe(false);
    // `to` is exclusive: 20:00 is closed.
    expect(isOpenAt(weekdays, at('2026-12-07T19:59:00Z'), 'UTC')).toBe(true);
    expect(isOpenAt(weekdays, at('2026-12-07T20:00:00Z'), 'UTC')).toBe(false);
    // A day without ranges is closed.
    expect(isOpenAt(weekdays, at('2026-12-08T12:00:00Z'), 'UTC')).toBe(false);
  });

  it('carries a range past midnight into the next morning', () => {
    expect(isOpenAt(weekdays, at('2026-12-11T23:00:00Z'), 'UTC')).toBe(true); // Friday night
    expect(isOpenAt(weekdays, at('2026-12-12T01:59:00Z'), 'UTC')).toBe(true); // Saturday morning
    expect(isOpenAt(weekdays, at('2026-12-12T02:00:00Z'), 'UTC')).toBe(false);
    expect(isOpenAt(weekdays, at('2026-12-11T01:00:00Z'), 'UTC')).toBe(false); // Friday morning
  });

  it('follows daylight saving: 08:30 local is 06:30 UTC in a Berlin summer', () => {
    expect(isOpenAt(weekdays, at('2026-06-01T06:30:00Z'), 'Europe/Berlin')).toBe(true);
    expect(isOpenAt(weekdays, at('2026-06-01T05:30:00Z'), 'Europe/Berlin')).toBe(false);
  });

  it('is always open for 24/7 and never for no hours, at any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(isOpenAt(ALWAYS_OPEN, ms, 'America/New_York')).toBe(true);
        expect(isOpenAt({}, ms, 'America/New_York')).toBe(false);
      }),
      { seed: 11 },
    );
  });
});

describe('OSM opening_hours text', () => {
  it('writes and reads back what an organiser types', () => {
    const hours = parseOpeningHours('Mo-Fr 08:00-20:00; Sa 10:00-14:00,16:00-18:00');
    expect(hours).toEqual({
      hours: {
        mo: [{ from: '08:00', to: '20:00' }],
        tu: [{ from: '08:00', to: '20:00' }],
        we: [{ from: '08:00', to: '20:00' }],
        th: [{ from: '08:00', to: '20:00' }],
        fr: [{ from: '08:00', to: '20:00' }],
        sa: [
          { from: '10:00', to: '14:00' },
          { from: '16:00', to: '18:00' },
        ],
      },
    });
    if (!('hours' in hours)) throw new Error('parse failed');
    expect(formatOpeningHours(hours.hours)).toBe('Mo-Fr 08:00-20:00; Sa 10:00-14:00,16:00-18:00');
    expect(formatOpeningHours(ALWAYS_OPEN)).toBe('24/7');
    expect(parseOpeningHours('24/7')).toEqual({ hours: ALWAYS_OPEN });
    expect(formatOpeningHours({})).toBe('off');
  });

  it('says what is wrong in a mistyped text', () => {
    expect(parseOpeningHours('Mon-Fri 8-20')).toEqual({ error: expect.stringMatching(/Mon/) });
    expect(parseOpeningHours('Mo 08:00-25:00')).toEqual({ error: expect.stringMatching(/HH:MM/) });
    expect(parseOpeningHours('Mo 08:00-08:00')).toEqual({
      error: expect.stringMatching(/openingHours\.mo\[0\]/),
    });
    expect(openingHoursProblems({ su: [{ from: '24:00', to: '01:00' }] })).toHaveLength(1);
  });

  it('round-trips any week of ranges through the text', () => {
    const clock = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const range = fc
      .tuple(clock, clock)
      .filter(([a, b]) => a !== b)
      .map(([from, to]) => ({ from, to }));
    const week = fc.record(
      Object.fromEntries(WEEKDAYS.map((d) => [d, fc.array(range, { minLength: 1, maxLength: 3 })])),
      { requiredKeys: [] },
    ) as fc.Arbitrary<OpeningHours>;
    fc.assert(
      fc.property(week, (hours) => {
        const parsed = parseOpeningHours(formatOpeningHours(hours));
        const expected = Object.fromEntries(
          WEEKDAYS.flatMap((d) => (hours[d]?.length ? [[d, hours[d]]] : [])),
        );
        expect(parsed).toEqual({ hours: expected });
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
