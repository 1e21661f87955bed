import type { EstimatorConfig } from './config';
import type { EstimatorState, ShelfTrack } from './types';

/**
 * Off-the-shelf scale firmware rounds: Tasmota's `WeightRes 0` reports whole kilograms, ESPHome's
 * `accuracy_decimals: 0` whole units (kg, or 10 g steps when scaled to hectograms·10), and many
 * HX711 sketches send whole grams. The estimator learns each cell's step from its readings and
 * widens what "agree", "moved" and "a spike" mean to it, so a reading flipping between two steps
 * is neither a visit nor a fault.
 */

/** Steps a scale may report in, coarsest first; the finest is the firmware's whole gram. */
const STEPS_KG = [1, 0.5, 0.1, 0.05, 0.01, 0.005, 0.001] as const;
const FINEST_KG = 0.001;
/** Readings before the step is believed: 20 whole-gram readings all on a 10 g grid happen 1 in 10²⁰. */
const MIN_READINGS = 20;
/** A step this coarse holds one value for hours on a quiet shelf: identical readings are no fault. */
export const COARSE_STEP_KG = 0.1;

const onGrid = (kg: number, stepKg: number): boolean => {
  const units = kg / stepKg;
  return Math.abs(units - Math.round(units)) < 1e-6;
};

export const newResolution = (): ShelfTrack['resolution'] => ({ kg: STEPS_KG[0], readings: 0 });

/** Learns from one raw reading: the step only ever gets finer. Mutates `shelf`. */
export function observeResolution(shelf: ShelfTrack, rawKg: number): void {
  const resolution = shelf.resolution;
  let stepKg = resolution.kg;
  while (stepKg > FINEST_KG && !onGrid(rawKg, stepKg)) {
    stepKg = STEPS_KG.find((s) => s < stepKg) ?? FINEST_KG;
  }
  resolution.kg = stepKg;
  resolution.readings += 1;
}

/** The cell's step once enough readings showed it; whole grams before. */
export const resolutionKg = (shelf: ShelfTrack): number =>
  shelf.resolution.readings >= MIN_READINGS ? shelf.resolution.kg : FINEST_KG;

/**
 * The thresholds as they apply to this shelf's cell: readings one step apart agree, a move must
 * exceed a step and a half, a spike must too. For a cell finer than the thresholds (the usual
 * HX711 at whole grams or 10 g) this is `config` itself.
 */
export function shelfConfig(shelf: ShelfTrack, config: EstimatorConfig): EstimatorConfig {
  const stepKg = resolutionKg(shelf);
  const toleranceKg = stepKg * 1.01;
  const moveKg = stepKg * 1.5;
  if (
    toleranceKg <= config.settleToleranceKg &&
    moveKg <= config.stepThresholdKg &&
    moveKg <= config.spikeLimitKg
  )
    return config;
  const byStep = coarseConfigs.get(config) ?? new Map<number, EstimatorConfig>();
  coarseConfigs.set(config, byStep);
  let widened = byStep.get(stepKg);
  if (!widened) {
    widened = {
      ...config,
      settleToleranceKg: Math.max(config.settleToleranceKg, toleranceKg),
      stepThresholdKg: Math.max(config.stepThresholdKg, moveKg),
      spikeLimitKg: Math.max(config.spikeLimitKg, moveKg),
      outOfRangeBelowEmptyKg: config.outOfRangeBelowEmptyKg + stepKg,
    };
    byStep.set(stepKg, widened);
  }
  return widened;
}

/**
 * The widened thresholds per config and step, made once: a coarse cell asks on every reading,
 * and copying the whole config each time showed in the ingest profile (docs/benchmarks.md).
 * Configs are never changed once made, and a cell has one of a few steps.
 */
const coarseConfigs = new WeakMap<EstimatorConfig, Map<number, EstimatorConfig>>();

/** The shelves of a fridge whose scale steps 100 g or more, with their steps: what its activity's ± rests on. */
export function coarseStepsOf(state: EstimatorState): Record<string, number> {
  const steps: Record<string, number> = {};
  for (const id of state.shelfIds) {
    const shelf = state.shelves[id];
    if (shelf && resolutionKg(shelf) >= COARSE_STEP_KG) steps[id] = resolutionKg(shelf);
  }
  return steps;
}
