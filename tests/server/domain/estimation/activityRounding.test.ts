import { describe, expect, it } from 'vitest';
import { summarizeActivity } from '../../../../server/domain/estimation';
import { hiddenByNetKg, roundingVariance } from '../../../../server/domain/estimation/activityRounding';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const MIN = 60_000;
const visit = (minutes: number, netKg: number, shelves: Record<string, number>, fridgeId = 'elm') => ({
  fridgeId,
  openedAt: T0 + minutes * MIN,
  takenKg: Math.max(0, -netKg),
  addedKg: Math.max(0, netKg),
  shelves: Object.entries(shelves).map(([shelfId, deltaKg]) => ({ shelfId, deltaKg })),
});

describe('the ± that scales that round put on the activity figures', () => {
  it('counts a run of takes once per shelf: the readings in between cancel', () => {
    const takes = [visit(0, -1, { top: -1 }), visit(5, -2, { top: -2 }), visit(9, -1, { top: -1 })];
    // One run, one shelf: the two ends, each off by up to half a step, step²/6.
    expect(roundingVariance(takes, { top: 1 })).toEqual({ takenKg2: 1 / 6, addedKg2: 0 });
  });

  it('starts afresh after a restock, per shelf touched, and leaves fine shelves out', () => {
    const day = [
      visit(0, -1, { top: -1 }),
      visit(10, 8, { top: 4, low: 4 }),
      visit(20, -2, { top: -1, low: -1, fine: -0.2 }),
      visit(30, 0, { top: -1, low: 1 }),
      visit(40, -1, { low: -1 }),
    ];
    const variance = roundingVariance(day, { top: 1, low: 1 });
    // Runs of takes: [top], [top, low], [low] (the transfer ends the second); one of adds: [top, low].
    expect(variance.takenKg2).toBeCloseTo(4 / 6, 12);
    expect(variance.addedKg2).toBeCloseTo(2 / 6, 12);
    expect(roundingVariance(day, {})).toEqual({ takenKg2: 0, addedKg2: 0 });
  });

  it('widens a pantry session whose moves go both ways: two neighbours in turn, or a transfer', () => {
    const pair = { ...visit(0, 1, { top: 2, low: -1 }), source: 'step' as const };
    // The net (+1) may hide up to the smaller side (1 kg taken and 1 added), uniform: 1²/3 on each total.
    expect(hiddenByNetKg(pair)).toBe(1);
    const variance = roundingVariance([pair], { top: 1, low: 1 });
    // A run of adds over both shelves (2/6) plus the hidden 1/3.
    expect(variance.addedKg2).toBeCloseTo(2 / 6 + 1 / 3, 12);
    expect(variance.takenKg2).toBeCloseTo(1 / 3, 12);
    // The same moves behind a door sensor are a transfer within one visit: nothing hidden.
    const transfer = { ...pair, source: 'door' as const };
    expect(hiddenByNetKg(transfer)).toBe(0);
    expect(roundingVariance([transfer], { top: 1, low: 1 })).toEqual({ takenKg2: 0, addedKg2: 2 / 6 });
    // Through the activity summary, the widened ± reaches the fridge's totals.
    const summary = summarizeActivity([pair], T0 + 60 * MIN, 0, { elm: { top: 1, low: 1 } });
    expect(summary.fridges.elm?.today.rounding?.takenKg).toBe(Math.round(200 * Math.sqrt(1 / 3)) / 100);
  });

  it('gives coarse fridges a two-sigma ± on today and the week, the network in quadrature, and fine ones none', () => {
    const sessions = [
      visit(0, -1, { top: -1 }),
      visit(10, 8, { top: 4, low: 4 }),
      visit(20, -2, { top: -1, low: -1 }),
      visit(0, -3, { top: -3 }, 'oak'),
      visit(5, -1, { s1: -1 }, 'fine'),
    ];
    const summary = summarizeActivity(sessions, T0 + 60 * MIN, 0, {
      elm: { top: 1, low: 1 },
      oak: { top: 0.5 },
      fine: {},
    });
    const elm = summary.fridges.elm?.today;
    expect(elm?.takenKg).toBe(3);
    // Taken: runs [top] and [top, low]: 3/6 kg²; two sigma 2·√0.5 = 1.41 kg. Added: [top, low].
    expect(elm?.rounding).toEqual({ takenKg: 1.41, addedKg: 1.15, scaleStepKg: 1 });
    expect(summary.fridges.oak?.week.rounding).toEqual({ takenKg: 0.41, addedKg: 0, scaleStepKg: 0.5 });
    expect(summary.fridges.fine?.today.rounding).toBeUndefined();
    // Network: 3/6 + 0.25/6 kg² taken.
    expect(summary.network.today.rounding).toEqual({
      takenKg: Math.round(200 * Math.sqrt(3.25 / 6)) / 100,
      addedKg: 1.15,
      scaleStepKg: 1,
    });
    expect(summarizeActivity(sessions, T0 + 60 * MIN, 0).network.today.rounding).toBeUndefined();
  });
});
