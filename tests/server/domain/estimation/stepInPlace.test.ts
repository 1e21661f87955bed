import { describe, expect, it } from 'vitest';
import { benchScenarios } from '../../../../bench/estimator/scenarios';
import { DEFAULT_ESTIMATOR_CONFIG } from '../../../../server/domain/estimation/config';
import {
  createEstimatorState,
  ownedEstimatorState,
  stepEstimator,
  stepEstimatorInPlace,
} from '../../../../server/domain/estimation/estimator';
import { estimatorEventOf } from '../../../../server/domain/estimation/events';
import type { EstimatorEvent } from '../../../../server/domain/estimation/types';

const config = DEFAULT_ESTIMATOR_CONFIG;
const TICK_MS = 5_000;

/**
 * The server steps its own states in place; the bench, the tests and the replay step copies. Both
 * must give the same states and effects at every step: any aliasing inside a state (an array held
 * by two fields) that a copy would have broken shows here as a difference.
 */
describe('stepEstimatorInPlace: the same estimator without the copy per step', () => {
  const scenarios = benchScenarios({ historyDays: 1, lengthFactor: 0.25, seed: 20250603 });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: the same state and effects as stepEstimator after every reading and tick',
    (_name, scenario) => {
      const { readings } = scenario.simulate();
      let copied = createEstimatorState(scenario.fridge.fridgeId, scenario.fridge.shelves, config);
      const owned = createEstimatorState(scenario.fridge.fridgeId, scenario.fridge.shelves, config);
      let nextTickMs = scenario.startMs + TICK_MS;
      let steps = 0;
      const both = (event: EstimatorEvent, nowMs: number) => {
        const pure = stepEstimator(copied, event, nowMs, config);
        const inPlace = stepEstimatorInPlace(owned, event, nowMs, config);
        expect(inPlace.state).toBe(owned);
        expect(inPlace.effects).toEqual(pure.effects);
        copied = pure.state;
        steps += 1;
        // A deep comparison of every step would take minutes: every 50th, and the last.
        if (steps % 50 === 0) expect(owned).toEqual(copied);
      };
      for (const reading of readings) {
        if (reading.fridgeId !== scenario.fridge.fridgeId) continue;
        for (; nextTickMs < reading.atMs; nextTickMs += TICK_MS) both({ type: 'tick' }, nextTickMs);
        const event = estimatorEventOf(reading.value, reading.atMs);
        if (event) both(event, reading.atMs);
      }
      expect(steps).toBeGreaterThan(1000);
      expect(owned).toEqual(copied);
    },
    // Minutes under a loaded machine: two estimators over a simulated day and a quarter.
    180_000,
  );

  it('ownedEstimatorState fills the fields a snapshot of an older version lacks, and copies', () => {
    const state = createEstimatorState('elm', [{ id: 's1', tareKg: 2, capacityKg: 20 }], config);
    const old = JSON.parse(JSON.stringify(state));
    delete old.shelves.s1.clampedFromKg;
    delete old.shelves.s1.resolution;
    const owned = ownedEstimatorState(old);
    expect(owned).not.toBe(old);
    expect(owned.shelves.s1?.clampedFromKg).toBeNull();
    expect(owned.shelves.s1?.resolution).toEqual(state.shelves.s1?.resolution);
  });
});
