import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESTIMATOR_CONFIG } from '../../../../server/domain/estimation/config';
import type { EstimatorEvent } from '../../../../server/domain/estimation/types';
import { FridgeDriver, grams, HOUR, MINUTE, noiseSource, SECOND, SHELVES, T0 } from './fixtures';

const config = DEFAULT_ESTIMATOR_CONFIG;

/** Noise as a real cell makes it (σ 5-20 g), clipped at 3σ so no run hinges on a freak reading. */
const clippedNoise = (seed: number, sigmaKg: number) => {
  const draw = noiseSource(seed, sigmaKg);
  return () => Math.max(-3 * sigmaKg, Math.min(3 * sigmaKg, draw()));
};

describe('properties', () => {
  it('readings with no door session leave the stock as it was, within drift tolerance', () => {
    fc.assert(
      fc.property(
        fc.record({
          topKg: fc.double({ min: 0, max: 10, noNaN: true }),
          bottomKg: fc.double({ min: 0, max: 10, noNaN: true }),
          sigmaKg: fc.double({ min: 0.005, max: 0.02, noNaN: true }),
          // Drift rates up to half the fastest the estimator absorbs, either way.
          driftKgPerHour: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
          hours: fc.integer({ min: 1, max: 6 }),
          everyMs: fc.integer({ min: 5 * SECOND, max: 10 * SECOND }),
          spikeEvery: fc.integer({ min: 5, max: 200 }),
          spikeKg: fc.double({ min: -8, max: 8, noNaN: true }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          doorSensor: fc.boolean(),
        }),
        (p) => {
          const fridge = new FridgeDriver();
          if (p.doorSensor) fridge.door(false, T0);
          const net: Record<string, number> = { top: p.topKg, bottom: p.bottomKg };
          const noise = clippedNoise(p.seed, p.sigmaKg);
          let n = 0;
          const endMs = T0 + p.hours * HOUR;
          fridge.run(
            T0,
            endMs,
            (id, at) => {
              n += 1;
              const tare = SHELVES.find((s) => s.id === id)?.tareKg ?? 0;
              const spike = n % p.spikeEvery === 0 ? p.spikeKg : 0;
              return tare + (net[id] ?? 0) + (p.driftKgPerHour * (at - T0)) / HOUR + spike;
            },
            { everyMs: p.everyMs, noise },
          );
          expect(fridge.sessions()).toEqual([]);
          // Drift during the first half hour counts as stock (the level still settles then).
          const toleranceKg = 0.03 + Math.abs(p.driftKgPerHour) * 0.5;
          for (const shelf of SHELVES) {
            expect(Math.abs((fridge.shelfKg(shelf.id) ?? Number.NaN) - (net[shelf.id] ?? 0))).toBeLessThan(
              toleranceKg,
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('taking x kg in a session lowers the stock by x, within noise', () => {
    fc.assert(
      fc.property(
        fc.record({
          startKg: fc.double({ min: 0.5, max: 10, noNaN: true }),
          takeShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
          otherKg: fc.double({ min: 0, max: 10, noNaN: true }),
          openMs: fc.integer({ min: 5 * SECOND, max: 60 * SECOND }),
          sigmaKg: fc.double({ min: 0.005, max: 0.02, noNaN: true }),
          hands: fc.array(fc.double({ min: -1, max: 3, noNaN: true }), { maxLength: 8 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        (p) => {
          const takenKg = grams(p.startKg * p.takeShare);
          const fridge = new FridgeDriver();
          fridge.door(false, T0);
          const noise = clippedNoise(p.seed, p.sigmaKg);
          const gross = (net: Record<string, number>) => (id: string) =>
            (SHELVES.find((s) => s.id === id)?.tareKg ?? 0) + (net[id] ?? 0);
          const before = { top: p.startKg, bottom: p.otherKg };
          fridge.run(T0, T0 + 15 * MINUTE, gross(before), { noise });
          const stockBefore = fridge.estimate().kg ?? Number.NaN;

          const openedAt = T0 + 15 * MINUTE + 2 * SECOND;
          fridge.door(true, openedAt);
          p.hands.forEach((handKg, i) => {
            const at = openedAt + Math.round(((i + 1) * p.openMs) / (p.hands.length + 2));
            fridge.weight(i % 2 === 0 ? 'top' : 'bottom', grams(3 + p.startKg + handKg), at);
          });
          const closedAt = openedAt + p.openMs;
          fridge.door(false, closedAt);
          const after = { top: p.startKg - takenKg, bottom: p.otherKg };
          fridge.run(closedAt, closedAt + 10 * MINUTE, gross(after), { noise });

          // Ten minutes on, the level rests on many readings.
          const stockAfter = fridge.estimate().kg ?? Number.NaN;
          // Estimates are given to 10 g: two roundings may add 10 g to the 20 g of noise allowed.
          expect(Math.abs(stockBefore - stockAfter - takenKg)).toBeLessThanOrEqual(0.03 + 1e-9);
          // The session is read at the settle, from `settleReadings` readings: 4 standard errors.
          const settleNoiseKg = (4 * p.sigmaKg) / Math.sqrt(config.settleReadings) + 0.005;
          const [session, ...more] = fridge.sessions();
          expect(more).toEqual([]);
          const reportable = takenKg >= config.minChangeKg + settleNoiseKg;
          expect(Math.abs((session?.takenKg ?? 0) - takenKg)).toBeLessThan(
            reportable ? settleNoiseKg : config.minChangeKg + settleNoiseKg,
          );
        },
      ),
      {
        numRuns: 40,
        // Seed 399031970 once shrank to this: an empty shelf whose three-reading settle read 27 g low
        // clamped its empty reading, then showed the noise as 28 g of food.
        examples: [
          [
            {
              startKg: 0.5,
              takeShare: 0.05,
              otherKg: 0,
              openMs: 5000,
              sigmaKg: 0.015130484422553183,
              hands: [],
              seed: 303243,
            },
          ],
        ],
      },
    );
  });

  it('never estimates a negative stock, whatever it is told', () => {
    const event = fc.oneof(
      fc.record({
        type: fc.constant('weight' as const),
        shelfId: fc.constantFrom('top', 'bottom', 'nowhere'),
        grossKg: fc.double({ min: -1, max: 60, noNaN: true }),
        gapMs: fc.integer({ min: 0, max: 20 * SECOND }),
      }),
      fc.record({
        type: fc.constant('door' as const),
        open: fc.boolean(),
        gapMs: fc.integer({ min: 0, max: 60_000 }),
      }),
      fc.record({ type: fc.constant('tick' as const), gapMs: fc.integer({ min: 0, max: 20 * MINUTE }) }),
      fc.record({
        type: fc.constantFrom('tare' as const, 'markFull' as const),
        shelfId: fc.constantFrom('top', 'bottom'),
        gapMs: fc.constant(0),
      }),
      fc.record({
        type: fc.constant('setCapacity' as const),
        shelfId: fc.constantFrom('top', 'bottom'),
        capacityKg: fc.double({ min: -5, max: 50, noNaN: true }),
        gapMs: fc.constant(0),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 300 }), (events) => {
        const fridge = new FridgeDriver();
        let now = T0;
        for (const e of events) {
          now += e.gapMs;
          let applied: EstimatorEvent;
          switch (e.type) {
            case 'weight':
              applied = { type: 'weight', shelfId: e.shelfId, grossKg: e.grossKg, measuredAtMs: now };
              break;
            case 'door':
              applied = { type: 'door', open: e.open, measuredAtMs: now };
              break;
            case 'tick':
              applied = { type: 'tick' };
              break;
            case 'setCapacity':
              applied = { type: 'setCapacity', shelfId: e.shelfId, capacityKg: e.capacityKg };
              break;
            default:
              applied = { type: e.type, shelfId: e.shelfId };
          }
          fridge.apply(applied, now);
          const estimate = fridge.estimate();
          expect(estimate.kg ?? 0).toBeGreaterThanOrEqual(0);
          expect(estimate.meals ?? 0).toBeGreaterThanOrEqual(0);
          expect(estimate.percent ?? 0).toBeGreaterThanOrEqual(0);
          expect(estimate.percent ?? 0).toBeLessThanOrEqual(100);
          for (const shelf of estimate.shelves) {
            expect(shelf.kg ?? 0).toBeGreaterThanOrEqual(0);
            expect(shelf.uncertaintyKg ?? 0).toBeGreaterThanOrEqual(0);
          }
          for (const session of fridge.sessions()) {
            expect(session.takenKg).toBeGreaterThanOrEqual(0);
            expect(session.addedKg).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
