import { describe, expect, it } from 'vitest';
import { benchScenarios } from '../../../../bench/estimator/scenarios';
import { DEFAULT_ESTIMATOR_CONFIG } from '../../../../server/domain/estimation/config';
import {
  createEstimatorState,
  stepEstimator,
  tickCanChange,
} from '../../../../server/domain/estimation/estimator';
import { estimatorEventOf } from '../../../../server/domain/estimation/events';
import type { EstimatorState } from '../../../../server/domain/estimation/types';
import { FridgeDriver, grossOf, HOUR, MINUTE, noiseSource, SECOND, T0 } from './fixtures';

const config = DEFAULT_ESTIMATOR_CONFIG;
/** Later than every timeout of the default config: a skipped tick could not have been due. */
const LATER_MS = [5 * SECOND, 10 * MINUTE, 6 * HOUR];

/** Ticks `state` at several later instants; each must return an equal state and no effect. */
function expectTickIsNoOp(state: EstimatorState, nowMs: number): void {
  for (const laterMs of LATER_MS) {
    const step = stepEstimator(state, { type: 'tick' }, nowMs + laterMs, config);
    expect(step.effects).toEqual([]);
    expect(step.state).toEqual(state);
  }
}

/** A tick of a state that `tickCanChange` rules out would do nothing, so the server may skip it. */
describe('tickCanChange: which fridges a timer tick must step', () => {
  const scenarios = benchScenarios({ historyDays: 1, lengthFactor: 0.25, seed: 20250602 });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: every state it rules out ticks to an equal state with no effect',
    (_name, scenario) => {
      const { readings } = scenario.simulate();
      let state = createEstimatorState(scenario.fridge.fridgeId, scenario.fridge.shelves, config);
      let ruledOut = 0;
      let needed = 0;
      readings.forEach((reading, index) => {
        if (reading.fridgeId !== scenario.fridge.fridgeId) return;
        const event = estimatorEventOf(reading.value, reading.atMs);
        if (!event) return;
        state = stepEstimator(state, event, reading.atMs, config).state;
        if (tickCanChange(state)) needed += 1;
        else {
          ruledOut += 1;
          // Deep comparisons are slow: every 20th such state is checked.
          if (index % 20 === 0) expectTickIsNoOp(state, reading.atMs);
        }
      });
      // Both kinds occurred, so the rule was exercised either way (a pantry's step visits open and
      // settle within one reading's step here, so no pantry state is left with a session).
      expect(ruledOut).toBeGreaterThan(100);
      if (scenario.fridge.kind === 'fridge') expect(needed).toBeGreaterThan(0);
    },
    // A simulated day and a quarter with three extra ticks per checked state: minutes when loaded.
    180_000,
  );

  it('keeps ticking a shelf flagged "changed while shut" until the flag expires, then stops', () => {
    const fridge = new FridgeDriver();
    fridge.door(false, T0);
    fridge.run(T0, T0 + 40 * MINUTE, grossOf({ top: 5, bottom: 2 }), { noise: noiseSource(3, 0.01) });
    expect(tickCanChange(fridge.state)).toBe(false);
    const at = T0 + 40 * MINUTE;
    fridge.run(at, at + 4 * MINUTE, grossOf({ top: 5, bottom: 3.2 }), { noise: noiseSource(6, 0.01) });
    const flaggedAt = fridge.ofType('shelfDoubtChanged')[0]?.atMs ?? 0;
    expect(flaggedAt).toBeGreaterThan(0);
    // The flag clears on a tick alone (no reading needed), so this fridge must be ticked.
    expect(tickCanChange(fridge.state)).toBe(true);
    fridge.tick(flaggedAt + config.shutChangeFlagMs);
    expect(fridge.ofType('shelfDoubtChanged').at(-1)).toMatchObject({ reason: null });
    expect(tickCanChange(fridge.state)).toBe(false);
    expectTickIsNoOp(fridge.state, fridge.nowMs);
  });

  it('keeps ticking a door left open: the timeout closes the visit without a reading', () => {
    const fridge = new FridgeDriver();
    fridge.door(false, T0);
    fridge.run(T0, T0 + 30 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    const openedAt = T0 + 31 * MINUTE;
    fridge.door(true, openedAt);
    expect(tickCanChange(fridge.state)).toBe(true);
    fridge.tick(openedAt + config.doorOpenTimeoutMs);
    expect(fridge.state.session?.heldOpen).toBe(true);
    expect(tickCanChange(fridge.state)).toBe(true);
  });
});
