import { describe, expect, it } from 'vitest';
import {
  doorBuckets,
  mergeDoor,
  mergeSeries,
  ROLLUP_STEP_MS,
} from '../../../../server/domain/history/buckets';
import { HISTORY_LIMITS, planHistory } from '../../../../server/domain/history/plan';

const T0 = Date.UTC(2026, 10, 1, 0, 0);
const MIN = 60_000;

describe('door buckets', () => {
  it('counts openings where they happen and splits open time across buckets', () => {
    const events = [
      { atMs: T0 + 14 * MIN, open: true },
      { atMs: T0 + 17 * MIN, open: false },
      { atMs: T0 + 20 * MIN, open: false }, // a repeated "closed" changes nothing
      { atMs: T0 + 40 * MIN, open: true },
      { atMs: T0 + 41 * MIN, open: true }, // a repeated "open" is not a second opening
    ];
    const { buckets, openAtEnd } = doorBuckets(events, false, T0, T0 + 60 * MIN, ROLLUP_STEP_MS);
    expect(buckets).toEqual([
      { startMs: T0, openings: 1, openMs: 1 * MIN },
      { startMs: T0 + 15 * MIN, openings: 0, openMs: 2 * MIN },
      { startMs: T0 + 30 * MIN, openings: 1, openMs: 5 * MIN },
      { startMs: T0 + 45 * MIN, openings: 0, openMs: 15 * MIN },
    ]);
    expect(openAtEnd).toBe(true);
  });

  it('carries a door open at the start of the range, and 15-minute parts merge to the same hour', () => {
    const events = [
      { atMs: T0 + 10 * MIN, open: false },
      { atMs: T0 + 50 * MIN, open: true },
    ];
    const hourly = doorBuckets(events, true, T0, T0 + 60 * MIN, 60 * MIN).buckets;
    const quarters = doorBuckets(events, true, T0, T0 + 60 * MIN, ROLLUP_STEP_MS).buckets;
    expect(hourly).toEqual([{ startMs: T0, openings: 1, openMs: 20 * MIN }]);
    expect(mergeDoor(quarters, 60 * MIN)).toEqual(hourly);
  });
});

describe('series merge', () => {
  it('merges count, sum, min and max per sensor and bucket', () => {
    const merged = mergeSeries(
      [
        { sensor: 'a', startMs: T0, count: 2, min: 3, max: 4, sum: 7 },
        { sensor: 'a', startMs: T0 + 15 * MIN, count: 1, min: 6, max: 6, sum: 6 },
        { sensor: 'b', startMs: T0 + 15 * MIN, count: 1, min: 1, max: 1, sum: 1 },
      ],
      60 * MIN,
    );
    expect(merged).toEqual([
      { sensor: 'a', startMs: T0, count: 3, min: 3, max: 6, sum: 13 },
      { sensor: 'b', startMs: T0, count: 1, min: 1, max: 1, sum: 1 },
    ]);
  });
});

describe('history plan', () => {
  const noRollups = Number.MIN_SAFE_INTEGER;

  it('answers a recent range from raw readings, widened to whole buckets', () => {
    const result = planHistory({
      fromMs: T0 + 7 * MIN,
      toMs: T0 + 3 * 60 * MIN + 1,
      step: '1h',
      rawFromMs: noRollups,
    });
    expect(result).toEqual({
      ok: true,
      plan: {
        fromMs: T0,
        toMs: T0 + 4 * 60 * MIN,
        step: '1h',
        stepMs: 60 * MIN,
        source: 'raw',
        rawFromMs: noRollups,
      },
    });
  });

  it('says rollup or mixed by where the boundary falls, and refuses steps finer than the rollups', () => {
    const rawFromMs = T0 + 24 * 60 * MIN;
    const old = planHistory({ fromMs: T0, toMs: rawFromMs, step: '1h', rawFromMs });
    const mixed = planHistory({ fromMs: T0, toMs: rawFromMs + 60 * MIN, step: '15m', rawFromMs });
    const fine = planHistory({ fromMs: T0, toMs: rawFromMs + 60 * MIN, step: '5m', rawFromMs });
    expect(old.ok && old.plan.source).toBe('rollup');
    expect(mixed.ok && mixed.plan.source).toBe('mixed');
    expect(fine).toMatchObject({ ok: false, field: 'step' });
    expect(!fine.ok && fine.message).toContain('15-minute rollups');
  });

  it('names the bucket limit when range ÷ step is too many', () => {
    const result = planHistory({ fromMs: T0, toMs: T0 + 7 * 1440 * MIN, step: '1m', rawFromMs: noRollups });
    expect(result).toMatchObject({ ok: false, field: 'step' });
    expect(!result.ok && result.message).toContain(`limit is ${HISTORY_LIMITS.maxBuckets} buckets`);
  });

  it('picks the finest step within 500 buckets when none is asked for', () => {
    const week = planHistory({ fromMs: T0, toMs: T0 + 7 * 1440 * MIN, step: null, rawFromMs: noRollups });
    expect(week.ok && week.plan.step).toBe('1h');
    const day = planHistory({ fromMs: T0, toMs: T0 + 1440 * MIN, step: null, rawFromMs: noRollups });
    expect(day.ok && day.plan.step).toBe('5m');
  });
});
