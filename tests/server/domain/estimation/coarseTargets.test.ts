import { describe, expect, it } from 'vitest';
import { coarseTargetLines, truthWithinRounding } from '../../../../bench/estimator/coarseTargets';
import type { RobustnessMetrics } from '../../../../bench/estimator/robustness';

const metrics = (detectedSharedKg: number, sharedRoundingKg: number | null): RobustnessMetrics => ({
  name: 'whole-kg pantry',
  trueVisits: 40,
  detectedVisits: 30,
  phantomSessions: 0,
  trueSharedKg: 40,
  detectedSharedKg,
  maxDisturbanceShiftKg: null,
  shutFlags: 0,
  otherDoubts: 0,
  maeKg: 0.5,
  replayMs: 1,
  oracle: { visibleVisits: 30, sharedKg: 40 },
  sharedRoundingKg,
});

describe('the bench prints whether the truth lies within the ± the activity figures show', () => {
  it('counts the seeds whose kg shared is off by no more than its ±', () => {
    expect(truthWithinRounding(metrics(37, 3))).toBe(true);
    expect(truthWithinRounding(metrics(36.9, 3))).toBe(false);
    expect(truthWithinRounding(metrics(40, null))).toBe(false);
    const lines = coarseTargetLines(1, false, [
      { seed: 1, metrics: metrics(38, 3) },
      { seed: 2, metrics: metrics(44, 3) },
    ]);
    expect(lines).toContain('  ± on kg shared: truth within ± on 1/2 seeds');
  });

  it('says when a fine scale shows no ±', () => {
    const lines = coarseTargetLines(0.01, true, [{ seed: 1, metrics: metrics(40, null) }]);
    expect(lines).toContain('  ± on kg shared: none shown (a fine scale)');
  });
});
