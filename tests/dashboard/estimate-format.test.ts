import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activityWords,
  calendarDaysBetween,
  chartColumns,
  type DoorSession,
  forecastWords,
  impactWords,
  latestSessions,
  MIN_FORECAST_CONFIDENCE,
  mealsWords,
  sessionChangeWords,
  sessionMovesWords,
  shelfDoubtWords,
  stockHistorySummary,
  uncertaintyWords,
} from '../../dashboard/src/estimate-format';
import { NOON_MS } from './fixtures';

const utc = { locale: 'en-GB', timeZone: 'UTC' };
const HOUR = 3_600_000;
const at = (ms: number): string => new Date(ms).toISOString();

describe('mealsWords', () => {
  it('says meals the way a neighbour counts them', () => {
    expect(mealsWords(12)).toBe('about 12 meals');
    expect(mealsWords(1)).toBe('about 1 meal');
    expect(mealsWords(0)).toBe('less than a meal');
    expect(mealsWords(null)).toBeNull();
  });

  it('never says a negative or fractional number of meals', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (meals) => {
        const words = mealsWords(meals) ?? '';
        expect(words).not.toMatch(/-|\./);
      }),
    );
  });
});

describe('uncertaintyWords', () => {
  it('shows the band to a tenth of a kg, and nothing before the estimator settled', () => {
    expect(uncertaintyWords(0.3)).toBe('± 0.3 kg');
    expect(uncertaintyWords(1.25)).toBe('± 1.3 kg');
    expect(uncertaintyWords(null)).toBeNull();
  });

  it('never understates the band and never shows ± 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), (kg) => {
        const words = uncertaintyWords(kg) ?? '';
        const shown = Number(/± ([\d.]+) kg/.exec(words)?.[1]);
        expect(shown).toBeGreaterThanOrEqual(0.1);
        expect(shown).toBeGreaterThanOrEqual(kg - 1e-6);
        expect(shown - kg).toBeLessThan(0.1 + 1e-6);
      }),
    );
  });
});

describe('forecastWords', () => {
  const forecast = (emptyMs: number, confidence = 0.8) => ({ emptyAt: at(emptyMs), confidence });

  it('says the local time today, and the day when it is not today', () => {
    expect(forecastWords(forecast(NOON_MS + 6.5 * HOUR), NOON_MS, utc)).toBe('Likely empty around 18:30');
    expect(forecastWords(forecast(NOON_MS + 21 * HOUR), NOON_MS, utc)).toBe(
      'Likely empty tomorrow around 09:00',
    );
    // 1 June 2025 is a Sunday.
    expect(forecastWords(forecast(NOON_MS + 45 * HOUR), NOON_MS, utc)).toBe(
      'Likely empty on Tuesday around 09:00',
    );
  });

  it('follows the reader’s time zone', () => {
    const options = { locale: 'en-GB', timeZone: 'Pacific/Auckland' };
    // 18:30 UTC is 06:30 the next morning in Auckland, where it is already 00:00 on 2 June.
    expect(forecastWords(forecast(NOON_MS + 6.5 * HOUR), NOON_MS, options)).toBe('Likely empty around 06:30');
  });

  it('says nothing without a forecast or below the confidence threshold', () => {
    expect(forecastWords(null, NOON_MS, utc)).toBeNull();
    expect(forecastWords(forecast(NOON_MS + HOUR, MIN_FORECAST_CONFIDENCE - 0.01), NOON_MS, utc)).toBeNull();
    expect(forecastWords(forecast(NOON_MS + HOUR, MIN_FORECAST_CONFIDENCE), NOON_MS, utc)).not.toBeNull();
  });

  it('does not promise a time already past', () => {
    expect(forecastWords(forecast(NOON_MS - HOUR), NOON_MS, utc)).toBe('Likely empty already');
  });

  it('counts calendar days, not 24-hour spans', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 }), (hours) => {
        const days = calendarDaysBetween(NOON_MS, NOON_MS + hours * HOUR, 'UTC');
        expect(days).toBe(Math.floor((hours + 12) / 24));
      }),
    );
  });
});

describe('shelfDoubtWords', () => {
  it('names the shelf and why its sensor is doubted', () => {
    expect(shelfDoubtWords({ id: 'top', doubtful: true, doubtReason: 'stuck' })).toBe(
      'Shelf top sensor: stuck — showing last good estimate',
    );
    expect(shelfDoubtWords({ id: 's2', doubtful: true, doubtReason: 'out-of-range' })).toMatch(
      /out of range/,
    );
    expect(shelfDoubtWords({ id: 's2', doubtful: true, doubtReason: 'jumping' })).toMatch(/jumping/);
    expect(shelfDoubtWords({ id: 'top', doubtful: false, doubtReason: null })).toBeNull();
  });
});

describe('activity and impact', () => {
  it('says visits and kg shared', () => {
    expect(activityWords({ visits: 14, takenKg: 9.5, addedKg: 0 }, 'today')).toBe(
      '14 visits · 9.5 kg shared today',
    );
    expect(activityWords({ visits: 1, takenKg: 3, addedKg: 12 }, 'this week')).toBe(
      '1 visit · 3 kg shared · 12 kg brought in this week',
    );
    expect(impactWords({ visits: 41, takenKg: 38.5, addedKg: 40 })).toBe('38.5 kg of food shared this week');
  });
});

const session = (
  closedMs: number,
  takenKg: number,
  addedKg: number,
  shelves: DoorSession['shelves'] = [],
): DoorSession => ({
  openedAt: at(closedMs - 60_000),
  closedAt: at(closedMs),
  netKg: addedKg - takenKg,
  takenKg,
  addedKg,
  shelves,
  source: 'door',
  settle: 'clean',
});

describe('sessions', () => {
  it('says what a visit changed', () => {
    expect(sessionChangeWords(session(NOON_MS, 3, 0))).toBe('took 3 kg');
    expect(sessionChangeWords(session(NOON_MS, 0, 5.5))).toBe('added 5.5 kg');
    expect(sessionChangeWords(session(NOON_MS, 0, 0))).toBe('no change');
  });

  it('calls a transfer between shelves neither taken nor added, and shows the moves', () => {
    const transfer = session(NOON_MS, 0, 0, [
      { shelfId: 'top', deltaKg: -1 },
      { shelfId: 'bottom', deltaKg: 1 },
    ]);
    expect(sessionChangeWords(transfer)).toBe('moved food between shelves');
    expect(sessionMovesWords(transfer)).toBe('top −1 kg, bottom +1 kg');
    const oneShelf = session(NOON_MS, 2, 0, [{ shelfId: 'top', deltaKg: -2 }]);
    expect(sessionMovesWords(oneShelf)).toBeNull();
    const restockAndTake = session(NOON_MS, 0, 4.2, [
      { shelfId: 'top', deltaKg: -0.8 },
      { shelfId: 'bottom', deltaKg: 5 },
    ]);
    expect(sessionChangeWords(restockAndTake)).toBe('added 4.2 kg');
    expect(sessionMovesWords(restockAndTake)).toBe('top −0.8 kg, bottom +5 kg');
  });

  it('keeps the newest few, newest first', () => {
    const all = [session(NOON_MS - 3 * HOUR, 1, 0), session(NOON_MS, 2, 0), session(NOON_MS - HOUR, 3, 0)];
    expect(latestSessions(all, 2).map((s) => s.takenKg)).toEqual([2, 3]);
  });
});

describe('the stock chart', () => {
  const point = (ms: number, kg: number) => ({ at: at(ms), kg, percent: kg * 5, uncertaintyKg: 0.2 });

  it('hands uPlot time-ordered columns in seconds', () => {
    expect(chartColumns([point(NOON_MS, 7), point(NOON_MS - HOUR, 10), { ...point(0, 1), at: 'x' }])).toEqual(
      [
        [(NOON_MS - HOUR) / 1000, NOON_MS / 1000],
        [10, 7],
      ],
    );
  });

  it('tells the chart in words', () => {
    const points = [point(NOON_MS - 3 * HOUR, 10), point(NOON_MS - 2 * HOUR, 6), point(NOON_MS, 7)];
    expect(stockHistorySummary(points, utc)).toBe(
      'Over the last 24 hours the stock went from 10 kg to 7 kg; lowest 6 kg at 10:00.',
    );
    expect(stockHistorySummary([], utc)).toMatch(/No stock estimates/);
  });
});
