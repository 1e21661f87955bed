import { describe, expect, it } from 'vitest';
import { replayAlerts, sixFridges } from '../../../bench/alerts/replay';
import {
  bufferedElapsedTimes,
  type IncidentKind,
  incidentCelsius,
  incidentDoorOpen,
} from '../../../server/demo/demoIncidents';
import { DEMO_SITE_PROFILE } from '../../../server/demo/demoSimulation';
import { HOUR, MINUTE, Scenario, T0 } from '../domain/alerts/fixtures';

/** Plays one scripted incident through the alert rules as the demo device would send it. */
function play(kind: IncidentKind, untilMs: number): Scenario {
  const s = new Scenario();
  for (const t of bufferedElapsedTimes(kind)) s.celsius(T0 + t, incidentCelsius(kind, t), T0);
  let door: boolean | null = null;
  for (let t = 0; t <= untilMs; t += 30_000) {
    const open = incidentDoorOpen(kind, t);
    if (open !== door) {
      s.door(T0 + t, open);
      door = open;
    }
    s.celsius(T0 + t, incidentCelsius(kind, t));
    s.runUntil(T0 + t);
  }
  return s;
}

describe('the demo incidents, judged by the alert rules', () => {
  it('a door left open: a door warning that resolves, and no temperature alert', () => {
    const s = play('doorLeftOpen', 40 * MINUTE);
    expect(s.changes()).toEqual(['doorAjar:raised:warning', 'doorAjar:resolved:warning']);
    expect(s.last('doorAjar', 'raised')?.atMs).toBe(T0 + 4 * MINUTE);
  });

  it('a power cut: the buffered upload raises a warning then a critical alert at once, named as a power cut', () => {
    const s = play('powerCut', 0);
    expect(s.changes()).toEqual(['tooWarm:raised:warning', 'tooWarm:escalated:critical']);
    expect(s.active('tooWarm')?.details.steadyRise).toBe(true);
    // Measured time: the warning carries the moment it would have fired live, before the upload.
    expect(s.active('tooWarm')?.raisedAtMs).toBeLessThan(T0 - HOUR);
  });

  it('the demo site profile keeps simulated fridges free of alerts (3 fridges, 3 evening hours)', () => {
    const result = replayAlerts({
      seed: 7,
      fridges: sixFridges().slice(0, 3),
      startMs: Date.UTC(2026, 11, 1, 17, 0),
      durationMs: 3 * HOUR,
      profile: DEMO_SITE_PROFILE,
    });
    expect(result.readings).toBeGreaterThan(3_000);
    expect(result.raised).toEqual([]);
  });

  it('the realistic profile raises nothing over a busy evening (the false-alarm figure, short; bench/alerts/run.ts runs weeks)', () => {
    const result = replayAlerts({
      seed: 3,
      fridges: sixFridges().slice(0, 3),
      startMs: Date.UTC(2026, 11, 1, 17, 0),
      durationMs: 3 * HOUR,
      profile: 'realistic',
    });
    expect(result.raised).toEqual([]);
  });
});
