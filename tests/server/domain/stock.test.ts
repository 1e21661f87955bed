import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LevelThresholds, StockLevel } from '../../../contract/api';
import {
  levelsRise,
  netShelfKg,
  percentOfCapacity,
  roundTo,
  type ShelfSpec,
  stockLevel,
} from '../../../server/domain/stock';

const shelf: ShelfSpec = { id: 's1', tareKg: 2.5, capacityKg: 20 };
const levels: LevelThresholds = { emptyBelowPercent: 10, fewBelowPercent: 45, manyBelowPercent: 80 };
const RANK: Record<StockLevel, number> = { empty: 0, few: 1, many: 2, full: 3 };

describe('netShelfKg', () => {
  it('subtracts the empty shelf from the gross load-cell reading', () => {
    expect(netShelfKg(12.5, shelf)).toBe(10);
    expect(netShelfKg(2.5, shelf)).toBe(0);
  });

  it('reads a shelf lighter than its tare (noise, a lifted shelf) as empty, not negative', () => {
    expect(netShelfKg(1.9, shelf)).toBe(0);
    expect(netShelfKg(-1, shelf)).toBe(0);
  });

  it('is never negative and equals gross minus tare above the tare (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (grossKg, tareKg) => {
          const net = netShelfKg(grossKg, { id: 's1', tareKg, capacityKg: 20 });
          expect(net).toBeGreaterThanOrEqual(0);
          if (grossKg >= tareKg) expect(net).toBe(grossKg - tareKg + 0);
          else expect(net).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('percentOfCapacity', () => {
  it('gives the share of the capacity the food fills', () => {
    expect(percentOfCapacity(10, 40)).toBe(25);
    expect(percentOfCapacity(0, 40)).toBe(0);
    expect(percentOfCapacity(40, 40)).toBe(100);
  });

  it('never shows more than 100 % for an overloaded shelf', () => {
    expect(percentOfCapacity(55, 40)).toBe(100);
  });

  it('answers 0 rather than Infinity or NaN for a shelf without capacity', () => {
    expect(percentOfCapacity(5, 0)).toBe(0);
    expect(percentOfCapacity(0, 0)).toBe(0);
    expect(percentOfCapacity(5, -3)).toBe(0);
  });

  it('stays within 0..100 for any food on any shelf (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: -10, max: 1000, noNaN: true }),
        (kg, capacityKg) => {
          const percent = percentOfCapacity(kg, capacityKg);
          expect(percent).toBeGreaterThanOrEqual(0);
          expect(percent).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('stockLevel', () => {
  it('uses each threshold as the lower bound of the next level', () => {
    const cases: Array<[number, StockLevel]> = [
      [0, 'empty'],
      [9.99, 'empty'],
      [10, 'few'],
      [44.9, 'few'],
      [45, 'many'],
      [79.9, 'many'],
      [80, 'full'],
      [100, 'full'],
    ];
    for (const [percent, level] of cases) expect(stockLevel(percent, levels), String(percent)).toBe(level);
  });

  it('follows per-fridge thresholds', () => {
    const pantry: LevelThresholds = { emptyBelowPercent: 30, fewBelowPercent: 60, manyBelowPercent: 95 };
    expect(stockLevel(25, pantry)).toBe('empty');
    expect(stockLevel(25, levels)).toBe('few');
    expect(stockLevel(90, pantry)).toBe('many');
    expect(stockLevel(90, levels)).toBe('full');
  });

  it('never shows a lower level for more food (property)', () => {
    const rising = fc
      .tuple(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
      )
      .map((cuts) => cuts.sort((a, b) => a - b))
      .map(([empty, few, many]) => ({
        emptyBelowPercent: empty,
        fewBelowPercent: few,
        manyBelowPercent: many,
      }));
    fc.assert(
      fc.property(
        rising,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (thresholds, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(RANK[stockLevel(low, thresholds)]).toBeLessThanOrEqual(RANK[stockLevel(high, thresholds)]);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('roundTo', () => {
  it('rounds to the number of digits a status shows', () => {
    expect(roundTo(4.23456, 2)).toBe(4.23);
    expect(roundTo(12.3456, 1)).toBe(12.3);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(37.55, 0)).toBe(38);
    expect(roundTo(4, 3)).toBe(4);
  });

  it('moves a value by at most half the last digit (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 4 }),
        (value, digits) => {
          const rounded = roundTo(value, digits);
          expect(Math.abs(rounded - value)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('levelsRise', () => {
  it('accepts thresholds in order, equal ones included, and refuses any that fall', () => {
    expect(levelsRise(levels)).toBe(true);
    expect(levelsRise({ emptyBelowPercent: 30, fewBelowPercent: 30, manyBelowPercent: 30 })).toBe(true);
    expect(levelsRise({ emptyBelowPercent: 50, fewBelowPercent: 40, manyBelowPercent: 80 })).toBe(false);
    expect(levelsRise({ emptyBelowPercent: 10, fewBelowPercent: 90, manyBelowPercent: 80 })).toBe(false);
  });

  it('is true exactly when the thresholds already stand in ascending order (property)', () => {
    const percent = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(percent, percent, percent, (empty, few, many) => {
        const thresholds = { emptyBelowPercent: empty, fewBelowPercent: few, manyBelowPercent: many };
        const cuts = [empty, few, many].sort((a, b) => a - b);
        const rising = cuts.every((cut, i) => cut === [empty, few, many][i]);
        expect(levelsRise(thresholds)).toBe(rising);
      }),
      { numRuns: 300 },
    );
  });
});
