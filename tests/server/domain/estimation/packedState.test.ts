import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchScenarios } from '../../../../bench/estimator/scenarios';
import { DEFAULT_ESTIMATOR_CONFIG } from '../../../../server/domain/estimation/config';
import {
  createEstimatorState,
  stepEstimatorInPlace,
  tickCanChange,
} from '../../../../server/domain/estimation/estimator';
import {
  packEstimatorState,
  repackEstimatorState,
  unpackEstimatorState,
} from '../../../../server/domain/estimation/estimatorPacked';
import { estimatorEventOf } from '../../../../server/domain/estimation/events';
import { type Packed, pack, repack, unpack } from '../../../../server/domain/estimation/packedShape';
import { getStockEstimate } from '../../../../server/domain/estimation/stockEstimate';
import type { EstimatorEvent } from '../../../../server/domain/estimation/types';

const config = DEFAULT_ESTIMATOR_CONFIG;
const TICK_MS = 5_000;
const NO_RECORDS = new Set<string>();

/** Plain data as a state holds it: numbers of every kind (-0, NaN, ±Infinity), null, undefined. */
/** Same shape, and the same numbers (Object.is: -0 and NaN too) and strings. */
const samePacked = (a: Packed, b: Packed) =>
  a.shape === b.shape &&
  a.numbers.length === b.numbers.length &&
  a.numbers.every((n, i) => Object.is(n, b.numbers[i])) &&
  a.strings.length === b.strings.length &&
  a.strings.every((s, i) => s === b.strings[i]);

const plainData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.string({ maxLength: 4 }),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

describe('packedShape: plain data as two flat arrays and a shared shape', () => {
  it('unpacks to the value packed, field for field and in key order', () => {
    fc.assert(
      fc.property(plainData, (value) => {
        const back = unpack(pack(value, NO_RECORDS));
        expect(back).toStrictEqual(value);
        expect(JSON.stringify(back)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('repacks in place over a value of the same shape, and afresh over any other', () => {
    fc.assert(
      fc.property(plainData, plainData, (first, second) => {
        const packed = pack(first, NO_RECORDS);
        const { numbers } = packed;
        repack(packed, second, NO_RECORDS);
        expect(unpack(packed)).toStrictEqual(second);
        if (packed.shape === pack(first, NO_RECORDS).shape) expect(packed.numbers).toBe(numbers);
      }),
    );
  });

  it('tells a key set to undefined from a key left out, and keys in another order', () => {
    const packed = pack({ a: 1, b: undefined }, NO_RECORDS);
    repack(packed, { a: 1 }, NO_RECORDS);
    expect(unpack(packed)).toStrictEqual({ a: 1 });
    expect(Object.keys(unpack(packed) as object)).toEqual(['a']);
    repack(packed, { b: 2, a: 1 }, NO_RECORDS);
    expect(Object.keys(unpack(packed) as object)).toEqual(['b', 'a']);
  });

  it('keeps ids in the strings, so states of differently named shelves share a shape', () => {
    const records = new Set(['shelves']);
    const a = pack({ shelves: { s1: { kg: 1 }, s2: { kg: 2 } } }, records);
    const b = pack({ shelves: { top: { kg: 3 }, __proto__x: { kg: 4 } } }, records);
    expect(b.shape).toBe(a.shape);
    const proto = JSON.parse('{"shelves":{"__proto__":{"kg":5}}}');
    expect(unpack(pack(proto, records))).toStrictEqual(proto);
    expect(Object.keys((unpack(pack(proto, records)) as typeof proto).shelves)).toEqual(['__proto__']);
  });

  it('refuses what is not plain data', () => {
    expect(() => pack(new Map(), NO_RECORDS)).toThrow(TypeError);
    expect(() => pack({ at: new Date(0) }, NO_RECORDS)).toThrow(TypeError);
  });
});

/**
 * The server keeps its states packed and steps each as unpack, step in place, repack; the plain
 * state stepped in place is the reference. Same effects (so the same published estimates) at every
 * step, and the same state: compared as packed arrays every 10th step, as objects every 50th.
 */
describe('the packed estimator state: the same estimator as the plain one', () => {
  const scenarios = benchScenarios({ historyDays: 1, lengthFactor: 0.1, seed: 20250603 });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: the same effects, estimates and state after every reading and tick',
    (_name, scenario) => {
      const { readings } = scenario.simulate();
      const plain = createEstimatorState(scenario.fridge.fridgeId, scenario.fridge.shelves, config);
      const packed = packEstimatorState(
        createEstimatorState(scenario.fridge.fridgeId, scenario.fridge.shelves, config),
      );
      let steps = 0;
      let inPlace = 0;
      let nextTickMs = scenario.startMs + TICK_MS;
      const both = (event: EstimatorEvent, nowMs: number) => {
        const reference = stepEstimatorInPlace(plain, event, nowMs, config);
        const { numbers } = packed;
        const unpacked = unpackEstimatorState(packed);
        const stepped = stepEstimatorInPlace(unpacked, event, nowMs, config);
        repackEstimatorState(packed, stepped.state);
        if (packed.numbers === numbers) inPlace += 1;
        expect(stepped.effects).toStrictEqual(reference.effects);
        expect(packed.tickCanChange).toBe(tickCanChange(plain));
        steps += 1;
        // A fresh packing of the plain state each step doubled the test's time: every 10th.
        if (steps % 10 === 0 && !samePacked(packed, packEstimatorState(plain)))
          expect(unpackEstimatorState(packed)).toStrictEqual(plain);
        if (steps % 50 === 0) {
          expect(unpackEstimatorState(packed)).toStrictEqual(plain);
          expect(getStockEstimate(unpackEstimatorState(packed), config)).toStrictEqual(
            getStockEstimate(plain, config),
          );
        }
      };
      for (const reading of readings) {
        if (reading.fridgeId !== scenario.fridge.fridgeId) continue;
        for (; nextTickMs < reading.atMs; nextTickMs += TICK_MS) both({ type: 'tick' }, nextTickMs);
        const event = estimatorEventOf(reading.value, reading.atMs);
        if (event) both(event, reading.atMs);
      }
      expect(steps).toBeGreaterThan(1000);
      // Most steps change no field's presence: they write over the arrays they found.
      expect(inPlace / steps).toBeGreaterThan(0.5);
      expect(unpackEstimatorState(packed)).toStrictEqual(plain);
    },
    // Minutes under a loaded machine: two estimators over a simulated day and a quarter.
    180_000,
  );

  it('a state restored from its saved JSON packs as the live one did', () => {
    const state = createEstimatorState('elm', [{ id: 's1', tareKg: 2, capacityKg: 20 }], config);
    stepEstimatorInPlace(
      state,
      { type: 'weight', shelfId: 's1', grossKg: 9.5, measuredAtMs: 1_000 },
      1_000,
      config,
    );
    const restored = packEstimatorState(JSON.parse(JSON.stringify(state)));
    expect(unpackEstimatorState(restored)).toStrictEqual(JSON.parse(JSON.stringify(state)));
    expect(JSON.stringify(unpackEstimatorState(restored))).toBe(JSON.stringify(state));
  });
});
