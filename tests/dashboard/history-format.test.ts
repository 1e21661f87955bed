import { describe, expect, it } from 'vitest';
import type { History } from '../../contract/history';
import {
  excursionRuns,
  historyQuery,
  type MergedBucket,
  mergeSeries,
  safeBand,
  stockSummary,
  temperatureSummary,
} from '../../dashboard/src/history-format';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 0, 0);
const bucket = (hour: number, min: number, mean: number, max: number): MergedBucket => ({
  startMs: T0 + hour * HOUR,
  min,
  mean,
  max,
});

describe('history words', () => {
  it('asks for 15-minute, 1-hour and 6-hour buckets ending at the next whole minute', () => {
    const now = Date.UTC(2026, 11, 1, 10, 0, 30);
    expect(historyQuery('temperature', '24h', now)).toEqual({
      metric: 'temperature',
      from: '2026-11-30T10:01:00.000Z',
      to: '2026-12-01T10:01:00.000Z',
      step: '15m',
    });
    expect(historyQuery('stock', '7d', now).step).toBe('1h');
    expect(historyQuery('stock', '30d', now).from).toBe('2026-11-01T10:01:00.000Z');
    expect(historyQuery('stock', '30d', now).step).toBe('6h');
  });

  it('takes the band the history answer carries: a fridge 0–5 °C, a freezer open below, a pantry none', () => {
    expect(safeBand({ safeBand: { lowCelsius: 0, highCelsius: 5 } })).toEqual({ lowC: 0, highC: 5 });
    expect(safeBand({ safeBand: { lowCelsius: null, highCelsius: -15 } })).toEqual({
      lowC: null,
      highC: -15,
    });
    expect(safeBand({ safeBand: null })).toBeNull();
  });

  it("says a freezer's band and its excursions in its own degrees", () => {
    const band = safeBand({ safeBand: { lowCelsius: null, highCelsius: -15 } });
    const cold = [bucket(0, -19, -18.2, -17.5), bucket(1, -18.5, -18, -17)];
    expect(temperatureSummary(cold, band, HOUR, '24h')).toBe(
      'Over the last 24 hours the temperature ranged from -19.0 °C to -17.0 °C, always within the safe band of ≤ -15 °C.',
    );
    const thawed = [...cold, bucket(2, -17, -14, -9.5)];
    expect(temperatureSummary(thawed, band, HOUR, '24h')).toBe(
      'Over the last 24 hours the temperature ranged from -19.0 °C to -9.5 °C: 1 excursion above -15 °C (1 h shaded).',
    );
  });

  it('merges probes per bucket: lowest min, highest max, mean weighted by count', () => {
    const start = new Date(T0).toISOString();
    const history = {
      stepMs: HOUR,
      series: [
        { sensor: 'air', unit: '°C', buckets: [{ start, count: 3, min: 3, mean: 4, max: 5 }] },
        { sensor: 'food', unit: '°C', buckets: [{ start, count: 1, min: 2, mean: 8, max: 9 }] },
      ],
    } as unknown as History;
    expect(mergeSeries(history)).toEqual([{ startMs: T0, min: 2, mean: 5, max: 9 }]);
  });

  it('counts a warm spell over consecutive buckets once, and says min, max and excursions', () => {
    const band = safeBand({ safeBand: { lowCelsius: 0, highCelsius: 5 } });
    const buckets = [
      bucket(0, 3, 3.5, 4),
      bucket(1, 4, 6, 8),
      bucket(2, 4, 5, 6),
      bucket(3, 2.1, 3, 4),
      bucket(5, 3, 5, 7),
    ];
    expect(excursionRuns(buckets, band, HOUR)).toBe(2);
    expect(temperatureSummary(buckets, band, HOUR, '7d')).toBe(
      'Over the last 7 days the temperature ranged from 2.1 °C to 8.0 °C: 2 excursions above 5 °C (3 h shaded).',
    );
    expect(temperatureSummary(buckets.slice(0, 1), band, HOUR, '24h')).toBe(
      'Over the last 24 hours the temperature ranged from 3.0 °C to 4.0 °C, always within the safe band of 0–5 °C.',
    );
    expect(temperatureSummary(buckets, null, HOUR, '30d')).toBe(
      'Over the last 30 days the temperature ranged from 2.1 °C to 8.0 °C; no safe band applies to this unit.',
    );
    expect(temperatureSummary([], band, HOUR, '7d')).toBe('No temperature readings in the last 7 days.');
  });

  it('tells the stock from the first bucket to the last, with the lowest', () => {
    expect(stockSummary([bucket(0, 9, 10, 11), bucket(1, 6, 7, 8)], '7d')).toBe(
      'Over the last 7 days the stock went from 10 kg to 7 kg; lowest 6 kg.',
    );
    expect(stockSummary([], '30d')).toBe('No stock estimates in the last 30 days.');
  });
});
