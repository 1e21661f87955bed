import { Compile } from 'typebox/compile';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ESTIMATOR_CONFIG,
  EstimatorConfigError,
  EstimatorConfigSchema,
  resolveEstimatorConfig,
} from '../../../../server/domain/estimation/config';
import { createEstimatorState, stepEstimator } from '../../../../server/domain/estimation/estimator';
import { estimatorEventOf } from '../../../../server/domain/estimation/events';
import type { EstimatorState } from '../../../../server/domain/estimation/types';
import { FridgeDriver, grossOf, MINUTE, noiseSource, SECOND, SHELVES, T0 } from './fixtures';

function settledFridge(net: Record<string, number> = { top: 5, bottom: 2 }): FridgeDriver {
  const fridge = new FridgeDriver();
  fridge.door(false, T0);
  fridge.run(T0, T0 + 10 * MINUTE, grossOf(net), { noise: noiseSource(21, 0.01) });
  return fridge;
}

describe('calibration re-bases the estimate at once', () => {
  it('tare now: the shelf is empty from this moment, and its new tare is reported', () => {
    const fridge = settledFridge();
    const effects = fridge.apply({ type: 'tare', shelfId: 'top' }, T0 + 10 * MINUTE + SECOND);
    expect(fridge.shelfKg('top')).toBe(0);
    const calibrated = effects.find((e) => e.type === 'shelfCalibrated');
    expect(calibrated?.type === 'shelfCalibrated' && calibrated.shelf.tareKg).toBeCloseTo(8, 1);
    expect(effects.some((e) => e.type === 'stockEstimated')).toBe(true);
    fridge.run(T0 + 10 * MINUTE + SECOND, T0 + 12 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    expect(fridge.shelfKg('top')).toBeCloseTo(0, 1);
  });

  it('mark full: what the shelf holds now is its capacity', () => {
    const fridge = settledFridge();
    const effects = fridge.apply({ type: 'markFull', shelfId: 'bottom' }, T0 + 10 * MINUTE + SECOND);
    const calibrated = effects.find((e) => e.type === 'shelfCalibrated');
    expect(calibrated?.type === 'shelfCalibrated' && calibrated.shelf.capacityKg).toBeCloseTo(2, 1);
    const bottom = fridge.estimate().shelves.find((s) => s.shelfId === 'bottom');
    expect(bottom?.percent).toBeCloseTo(100, 0);
  });

  it('set capacity changes the percentage and level at once', () => {
    const fridge = settledFridge();
    expect(fridge.estimate().level).toBe('few');
    fridge.apply({ type: 'setCapacity', shelfId: 'top', capacityKg: 5 }, T0 + 10 * MINUTE + SECOND);
    fridge.apply({ type: 'setCapacity', shelfId: 'bottom', capacityKg: 2.5 }, T0 + 10 * MINUTE + SECOND);
    expect(fridge.estimate().capacityKg).toBe(7.5);
    expect(fridge.estimate().level).toBe('full');
  });

  it('a new tare in the shelf configuration re-reads the stock against it', () => {
    const fridge = settledFridge();
    fridge.apply(
      {
        type: 'configureShelves',
        shelves: [
          { id: 'top', tareKg: 3.5, capacityKg: 10 },
          { id: 'bottom', tareKg: 4, capacityKg: 10 },
          { id: 'extra', tareKg: 2, capacityKg: 8 },
        ],
      },
      T0 + 10 * MINUTE + SECOND,
    );
    expect(fridge.shelfKg('top')).toBeCloseTo(4.5, 1);
    expect(fridge.shelfKg('bottom')).toBeCloseTo(2, 1);
    expect(fridge.state.shelfIds).toEqual(['top', 'bottom', 'extra']);
    expect(fridge.shelfKg('extra')).toBeNull();
  });
});

describe('the stock estimate', () => {
  it('gives kg, percent, level, meals, uncertainty and freshness per fridge and per shelf', () => {
    const fridge = settledFridge({ top: 5, bottom: 2 });
    const estimate = fridge.estimate();
    expect(estimate.kg).toBeCloseTo(7, 1);
    expect(estimate.capacityKg).toBe(20);
    expect(estimate.percent).toBeCloseTo(35, 0);
    expect(estimate.level).toBe('few');
    expect(estimate.meals).toBe(13);
    expect(estimate.uncertaintyKg).toBeGreaterThan(0);
    expect(estimate.uncertaintyKg).toBeLessThan(0.05);
    expect(estimate.asOf).toBeGreaterThan(T0 + 9 * MINUTE);
    expect(estimate.shelves).toEqual([
      expect.objectContaining({ shelfId: 'top', doubtful: false, doubtReason: null, capacityKg: 10 }),
      expect.objectContaining({ shelfId: 'bottom', doubtful: false, doubtReason: null, capacityKg: 10 }),
    ]);
  });

  it('uses the configured level thresholds and meal size', () => {
    const config = resolveEstimatorConfig({ levels: { fewBelowPercent: 30 }, kgPerMeal: 2 });
    const fridge = new FridgeDriver(config);
    fridge.run(T0, T0 + 5 * MINUTE, grossOf({ top: 5, bottom: 2 }));
    expect(fridge.estimate().level).toBe('many');
    expect(fridge.estimate().meals).toBe(3);
  });

  it('publishes stockEstimated only when the figure moves', () => {
    const fridge = settledFridge();
    const count = fridge.ofType('stockEstimated').length;
    fridge.run(T0 + 10 * MINUTE, T0 + 40 * MINUTE, grossOf({ top: 5, bottom: 2 }), {
      noise: noiseSource(22, 0.01),
    });
    expect(fridge.ofType('stockEstimated')).toHaveLength(count);
  });

  it('never mutates the state it is given', () => {
    const fridge = settledFridge();
    const frozen = deepFreeze(structuredClone(fridge.state));
    const config = DEFAULT_ESTIMATOR_CONFIG;
    const at = T0 + 10 * MINUTE;
    let state: EstimatorState = frozen;
    for (const event of [
      { type: 'door', open: true, measuredAtMs: at + SECOND },
      { type: 'weight', shelfId: 'top', grossKg: 9, measuredAtMs: at + 2 * SECOND },
      { type: 'door', open: false, measuredAtMs: at + 9 * SECOND },
      { type: 'tare', shelfId: 'bottom' },
      { type: 'tick' },
    ] as const) {
      const next = stepEstimator(state, event, at + 10 * SECOND, config).state;
      expect(next).not.toBe(state);
      state = deepFreeze(next);
    }
    expect(frozen).toEqual(fridge.state);
  });

  it('starts every fridge the same way, with no estimate', () => {
    const state = createEstimatorState('f', SHELVES, DEFAULT_ESTIMATOR_CONFIG);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.door).toBeNull();
  });
});

describe('readings from the wire contract', () => {
  it('become estimator events; device status becomes nothing', () => {
    expect(estimatorEventOf({ kind: 'weight', shelfId: 'top', kg: 8.2 }, T0)).toEqual({
      type: 'weight',
      shelfId: 'top',
      grossKg: 8.2,
      measuredAtMs: T0,
    });
    expect(estimatorEventOf({ kind: 'door', open: true }, T0)).toEqual({
      type: 'door',
      open: true,
      measuredAtMs: T0,
    });
    expect(estimatorEventOf({ kind: 'temperature', celsius: 4 }, T0)).toEqual({
      type: 'temperature',
      celsius: 4,
      measuredAtMs: T0,
    });
    expect(estimatorEventOf({ kind: 'deviceStatus', deviceId: 'd', online: true }, T0)).toBeNull();
  });
});

describe('the estimator configuration', () => {
  it('has defaults that satisfy its own schema, and the schema fills them in', () => {
    expect(Compile(EstimatorConfigSchema).Check(DEFAULT_ESTIMATOR_CONFIG)).toBe(true);
    expect(resolveEstimatorConfig()).toEqual(DEFAULT_ESTIMATOR_CONFIG);
    expect(Value.Default(EstimatorConfigSchema, {})).toEqual(DEFAULT_ESTIMATOR_CONFIG);
  });

  it('names every bad field', () => {
    try {
      resolveEstimatorConfig({ settleReadings: 1, kgPerMeal: -1, levels: { emptyBelowPercent: 50 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EstimatorConfigError);
      const problems = (err as EstimatorConfigError).problems.join('\n');
      expect(problems).toMatch(/settleReadings/);
      expect(problems).toMatch(/kgPerMeal/);
      expect(problems).toMatch(/levels: thresholds must rise/);
    }
  });
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
