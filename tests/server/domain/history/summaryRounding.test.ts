import { describe, expect, it } from 'vitest';
import { summarizeNetwork, summaryPeriods } from '../../../../server/domain/history/networkSummary';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);
const END = Date.UTC(2027, 0, 1);
const periods = summaryPeriods(START, END, 'month', 'UTC');
const take = (
  fridgeId: string,
  atMs: number,
  shelves: Record<string, number>,
  source: 'door' | 'step' = 'door',
) => {
  const netKg = Object.values(shelves).reduce((sum, kg) => sum + kg, 0);
  return {
    fridgeId,
    openedAtMs: atMs,
    takenKg: Math.max(0, -netKg),
    addedKg: Math.max(0, netKg),
    shelvesJson: JSON.stringify(Object.entries(shelves).map(([shelfId, deltaKg]) => ({ shelfId, deltaKg }))),
    source,
  };
};
const twoSigma = (varianceKg2: number) => Math.round(200 * Math.sqrt(varianceKg2)) / 100;

describe('the network summary: kg shared from scales that round carries a ±', () => {
  const summary = summarizeNetwork({
    periods,
    fridges: [
      { id: 'elm', name: 'Elm' },
      { id: 'oak', name: 'Oak' },
    ],
    sessions: [
      // Elm rounds to whole kilograms: a run of takes in November that goes on into December.
      take('elm', START + DAY, { s1: -2 }),
      take('elm', Date.UTC(2026, 11, 2), { s1: -1 }),
      // A restock ends the run; a take after it starts another.
      take('elm', Date.UTC(2026, 11, 3), { s1: 5 }),
      take('elm', Date.UTC(2026, 11, 4), { s1: -1 }),
      // Oak's scales are fine: its figures stand alone.
      take('oak', START + DAY, { a: -3 }),
    ],
    outOfBandBuckets: new Map(),
    restockMinKg: 2,
    timeZone: 'UTC',
    step: 'month',
    coarseSteps: { elm: { s1: 1 }, oak: {} },
  });
  const [november, december] = summary.periods;

  it('gives each period of a coarse fridge its ±, and a fine fridge none', () => {
    // One run on one whole-kg shelf: two sigma of 1/√6 kg = 0.82 kg.
    expect(november?.fridges.elm).toMatchObject({
      kgShared: 2,
      rounding: { kgShared: 0.82, scaleStepKg: 1 },
    });
    // December: the run's tail, then a new run after the restock: two runs.
    expect(december?.fridges.elm?.rounding).toEqual({ kgShared: twoSigma(2 / 6), scaleStepKg: 1 });
    expect(november?.fridges.oak?.rounding).toBeUndefined();
    expect(november?.total).toMatchObject({ kgShared: 5, rounding: { kgShared: 0.82, scaleStepKg: 1 } });
  });

  it('reads the whole range as one run of takes, not the sum of its months', () => {
    // November's run goes on into December: two runs in all, not three.
    expect(summary.fridges.elm?.total).toMatchObject({
      kgShared: 4,
      rounding: { kgShared: twoSigma(2 / 6), scaleStepKg: 1 },
    });
    expect(summary.fridges.oak?.total.rounding).toBeUndefined();
    expect(summary.total.rounding).toEqual({ kgShared: twoSigma(2 / 6), scaleStepKg: 1 });
  });

  it('leaves every figure alone when no fridge rounds', () => {
    const fine = summarizeNetwork({
      periods,
      fridges: [{ id: 'oak', name: 'Oak' }],
      sessions: [take('oak', START + DAY, { a: -3 })],
      outOfBandBuckets: new Map(),
      restockMinKg: 2,
      timeZone: 'UTC',
      step: 'month',
    });
    expect(fine.total).toEqual({ kgShared: 3, visits: 1, restocks: 0, hoursOutOfSafeTemperature: 0 });
  });

  it('widens a pantry session whose moves go both ways (two neighbours in turn, or a transfer)', () => {
    const pantry = summarizeNetwork({
      periods,
      fridges: [{ id: 'elm', name: 'Elm' }],
      sessions: [take('elm', START + DAY, { s1: 2, s2: -1 }, 'step')],
      outOfBandBuckets: new Map(),
      restockMinKg: 2,
      timeZone: 'UTC',
      step: 'month',
      coarseSteps: { elm: { s1: 1, s2: 1 } },
    });
    // Nothing taken by the net, but up to 1 kg may hide in it: 1²/3 kg².
    expect(pantry.total).toMatchObject({
      kgShared: 0,
      rounding: { kgShared: twoSigma(1 / 3), scaleStepKg: 1 },
    });
  });
});
