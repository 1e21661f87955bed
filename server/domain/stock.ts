import type { LevelThresholds, StockLevel } from '../../contract/api';

export interface ShelfSpec {
  id: string;
  /** Weight of the empty shelf as its load cell reads it. */
  tareKg: number;
  /** Food the shelf holds when full. */
  capacityKg: number;
}

/** Food on a shelf: the gross load-cell reading minus the empty shelf, never below zero. */
export function netShelfKg(grossKg: number, shelf: ShelfSpec): number {
  return Math.max(0, grossKg - shelf.tareKg);
}

export function percentOfCapacity(kg: number, capacityKg: number): number {
  if (capacityKg <= 0) return 0;
  return Math.min(100, (kg / capacityKg) * 100);
}

/**
 * The words neighbours read. The labels and default cut-offs follow Fridge Finder NYC's
 * "empty / a few items / many items / full" scale.
 */
export function stockLevel(percent: number, thresholds: LevelThresholds): StockLevel {
  if (percent < thresholds.emptyBelowPercent) return 'empty';
  if (percent < thresholds.fewBelowPercent) return 'few';
  if (percent < thresholds.manyBelowPercent) return 'many';
  return 'full';
}

/**
 * The one rule a set of thresholds must keep: empty ≤ few ≤ many, so that `stockLevel` reads the
 * levels in order. The config, the estimator's config and the fridge API each refuse thresholds
 * that break it.
 */
export function levelsRise(thresholds: LevelThresholds): boolean {
  return (
    thresholds.emptyBelowPercent <= thresholds.fewBelowPercent &&
    thresholds.fewBelowPercent <= thresholds.manyBelowPercent
  );
}

export const roundTo = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
