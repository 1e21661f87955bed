import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../../firmware-sim/scenario';
import type { SessionRecord, TruthRecord } from '../../firmware-sim/types';
import { FRIDGE, HOUR_MS, MIDNIGHT_UTC_MS } from './fixtures';

/** True net kg of a shelf at `t`, from the truth timeline. */
function trueKgAt(truth: readonly TruthRecord[], shelfId: string, t: number): number {
  let kg = Number.NaN;
  for (const record of truth) {
    if (record.t > t) break;
    kg = record.shelves[shelfId] ?? Number.NaN;
  }
  return kg;
}

const duringSession = (sessions: readonly SessionRecord[], t: number) =>
  sessions.some((s) => t >= s.startMs && t <= s.endMs);

/** Reading minus (tare + true stock), and whether the door was open, for every weight reading. */
function weightErrors(profile: 'demo' | 'realistic') {
  const tareKg = FRIDGE.shelves[0]?.tareKg ?? 0;
  const { readings, truth, sessions } = simulateScenario({
    seed: 21,
    fridges: [FRIDGE],
    startMs: MIDNIGHT_UTC_MS,
    durationMs: 6 * HOUR_MS,
    profile,
  });
  const errors = readings.flatMap((r) =>
    r.value.kind === 'weight'
      ? [
          {
            errorKg: r.value.kg - tareKg - trueKgAt(truth, r.value.shelfId, r.atMs),
            open: duringSession(sessions, r.atMs),
          },
        ]
      : [],
  );
  return { readings, errors };
}

describe('simulated load cells', () => {
  it('reports gross weight (tare included) within HX711-like noise while the door stays shut', () => {
    // Midnight to 6 am: few visits, so the air stays near the calibration temperature.
    const closed = weightErrors('realistic')
      .errors.filter((e) => !e.open)
      .map((e) => Math.abs(e.errorKg));
    closed.sort((a, b) => a - b);
    const median = closed[Math.floor(closed.length / 2)] ?? Number.NaN;
    expect(median).toBeGreaterThan(0.002);
    expect(median).toBeLessThan(0.03);
    // Spikes are occasional.
    expect(closed.filter((kg) => kg > 0.3).length / closed.length).toBeLessThan(0.02);
  });

  it('disturbs readings taken while the door is open (hands on the shelf)', () => {
    const open = weightErrors('demo').errors.filter((e) => e.open);
    expect(open.length).toBeGreaterThan(50);
    expect(open.filter((e) => Math.abs(e.errorKg) > 0.1).length / open.length).toBeGreaterThan(0.2);
  });

  it('weighs each shelf every 5-10 s', () => {
    const s1 = weightErrors('demo')
      .readings.filter((r) => r.value.kind === 'weight' && r.value.shelfId === 's1')
      .map((r) => r.atMs);
    const gaps = s1.slice(1).map((t, i) => t - (s1[i] ?? t));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10_000);
  });
});
