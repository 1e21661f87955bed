import { describe, expect, it } from 'vitest';
import { isoTime } from '../../server/clock';

/** A fixed pseudo-random sequence (mulberry32), so the test is the same on every run. */
function sequence(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const viaDate = (ms: number) => new Date(ms).toISOString();

describe('isoTime', () => {
  it('writes null as null', () => {
    expect(isoTime(null)).toBeNull();
  });

  it('writes what Date#toISOString writes, at the edges of days, years and its range', () => {
    const edges = [
      0,
      1,
      999,
      1000,
      59_999,
      60_000,
      3_599_999,
      3_600_000,
      86_399_999,
      86_400_000,
      Date.UTC(2026, 11, 1, 10, 0, 0, 0),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      Date.UTC(2028, 1, 29, 12, 30, 5, 7),
      Date.UTC(2000, 1, 29),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1,
      -1,
      -86_400_001,
      Date.UTC(1969, 11, 31, 23, 59, 59, 500),
      1.9,
      86_399_999.5,
    ];
    for (const ms of edges) expect(isoTime(ms), String(ms)).toBe(viaDate(ms));
  });

  it('writes what Date#toISOString writes for 100,000 instants, in and out of order', () => {
    const next = sequence(12);
    const start = Date.UTC(2026, 11, 1, 10);
    let ms = start;
    const differing: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      ms += Math.floor(next() * 90_000);
      const anywhere = Math.floor(next() * Date.UTC(9999, 11, 31));
      for (const at of [ms, anywhere]) if (isoTime(at) !== viaDate(at)) differing.push(at);
    }
    expect(differing).toEqual([]);
  });

  it('throws where Date#toISOString throws', () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });
});
