import { describe, expect, it } from 'vitest';
import { replayAlerts, sixFridges } from '../../../bench/alerts/replay';
import { STILL_PROFILE, simulateScenario } from '../../../firmware-sim';
import {
  DEMO_ACK_AFTER_MS,
  DEMO_ACKNOWLEDGEMENT,
  DEMO_INCIDENTS,
  demoAcknowledgementDue,
  INCIDENT_PLANS,
  type IncidentKind,
} from '../../../server/demo/demoIncidents';
import { DEMO_SITE_PROFILE } from '../../../server/demo/demoSimulation';
import { DEMO_FRIDGES } from '../../../server/demo/demoSite';
import { HOUR, MINUTE, Scenario, T0 } from '../domain/alerts/fixtures';

/**
 * What the demo's simulated device sends for one incident, as the live simulation would: the
 * fridge's model from `historyMs` before the start (T0) with the incident's faults, nobody visiting;
 * readings from before the start arrive at T0 (the upload), the others as they are measured.
 */
function incidentReadings(kind: IncidentKind, untilMs: number, utcOffsetMinutes = 0) {
  const { historyMs, faults } = INCIDENT_PLANS[kind];
  const fridge = DEMO_FRIDGES.find((f) => f.id === DEMO_INCIDENTS[kind]);
  if (!fridge) throw new Error(`no demo fridge for ${kind}`);
  const { readings } = simulateScenario({
    seed: 1,
    fridges: [
      {
        fridgeId: fridge.id,
        kind: fridge.kind,
        shelves: fridge.shelves,
        faults: faults.map((f) => ({ ...f, startAfterMs: f.startAfterMs + historyMs })),
      },
    ],
    startMs: T0 - historyMs,
    durationMs: historyMs + untilMs,
    profile: STILL_PROFILE,
    utcOffsetMinutes,
  });
  // The door as the device reports it at boot (shut), then what it measured.
  const boot = { atMs: T0 - historyMs, value: { kind: 'door', open: false } as const };
  return [boot, ...readings].map(({ atMs, value }) => ({ atMs, value, receivedAtMs: Math.max(atMs, T0) }));
}

/**
 * Plays one incident through the alert rules as the demo's simulated device sends it; the demo
 * organiser acknowledges at the moment `demoAcknowledgementDue` names, when `withOrganiser`.
 */
function play(kind: IncidentKind, untilMs: number, withOrganiser = false, utcOffsetMinutes = 0): Scenario {
  const s = new Scenario();
  const ackAt = new Map<string, number>();
  let heard = 0;
  /** The organiser hears each change when it happens on the wall clock (`t`), as the bus tells it. */
  const organiser = (t: number) => {
    for (const { alert, change } of s.effects.slice(heard)) {
      const event = { ...alert, alertId: alert.id, change, fridgeId: DEMO_INCIDENTS.powerCut };
      const due = demoAcknowledgementDue(event, t);
      if (due !== null && !ackAt.has(alert.id)) ackAt.set(alert.id, due);
    }
    heard = s.effects.length;
    for (const [alertId, due] of ackAt)
      if (due <= t) {
        ackAt.set(alertId, Number.POSITIVE_INFINITY);
        s.at(t, { type: 'acknowledge', alertId, ...DEMO_ACKNOWLEDGEMENT });
        heard = s.effects.length;
      }
  };
  // The organiser looks every 30 s (the live one every 5 s), between the readings.
  let lookAtMs = T0;
  const lookUntil = (atMs: number) => {
    for (; lookAtMs <= atMs; lookAtMs += 30_000) {
      s.runUntil(lookAtMs);
      if (withOrganiser) organiser(lookAtMs);
    }
  };
  for (const { atMs, value, receivedAtMs } of incidentReadings(kind, untilMs, utcOffsetMinutes)) {
    if (atMs >= T0) {
      lookUntil(atMs);
      s.runUntil(atMs);
    }
    s.reading(atMs, value, receivedAtMs);
  }
  lookUntil(T0 + untilMs);
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

  it('a power cut: critical at the upload whatever the hour, even in the cool room of 03:00', () => {
    // The room is coolest (19 °C) at 03:00 local: T0 is 09:00 UTC, so a UTC offset of -6 h.
    for (const utcOffsetMinutes of [-360, 0, 360]) {
      const s = play('powerCut', 0, false, utcOffsetMinutes);
      expect(s.changes()).toEqual(['tooWarm:raised:warning', 'tooWarm:escalated:critical']);
      expect(s.active('tooWarm')?.details.steadyRise).toBe(true);
    }
  });

  it('a power cut: the demo organiser acknowledges the critical alert 5 min later; it resolves with the action noted', () => {
    const s = play('powerCut', 2 * HOUR, true);
    expect(s.changes()).toEqual([
      'tooWarm:raised:warning',
      'tooWarm:escalated:critical',
      'tooWarm:acknowledged:critical',
      'tooWarm:resolved:critical',
    ]);
    const acknowledged = s.last('tooWarm', 'acknowledged');
    expect(acknowledged?.atMs).toBe(T0 + 5 * MINUTE);
    expect(s.last('tooWarm', 'resolved')?.alert.acknowledgement).toEqual({
      by: 'Demo organiser',
      atMs: T0 + 5 * MINUTE,
      note: 'Moved the food to the Elm St fridge',
    });
  });

  it('the demo organiser acts on the scripted fridge turning critical, and on nothing else', () => {
    const critical = {
      fridgeId: DEMO_INCIDENTS.powerCut,
      alertId: 'al-1',
      type: 'tooWarm',
      change: 'escalated',
      severity: 'critical',
      status: 'active',
    } as const;
    expect(demoAcknowledgementDue(critical, T0)).toBe(T0 + DEMO_ACK_AFTER_MS);
    expect(demoAcknowledgementDue({ ...critical, change: 'raised' }, T0)).toBe(T0 + 5 * MINUTE);
    expect(demoAcknowledgementDue({ ...critical, severity: 'warning', change: 'raised' }, T0)).toBeNull();
    expect(demoAcknowledgementDue({ ...critical, fridgeId: 'elm-st' }, T0)).toBeNull();
    expect(demoAcknowledgementDue({ ...critical, type: 'doorAjar' }, T0)).toBeNull();
    expect(demoAcknowledgementDue({ ...critical, change: 'reminder' }, T0)).toBeNull();
    expect(demoAcknowledgementDue({ ...critical, status: 'acknowledged' }, T0)).toBeNull();
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

describe('the door left open, through the alert rules', () => {
  it('warns and resolves within ten minutes of the start, as the demo promises', () => {
    const s = play('doorLeftOpen', 10 * MINUTE);
    expect(s.changes('doorAjar')).toEqual(['doorAjar:raised:warning', 'doorAjar:resolved:warning']);
    expect(s.last('doorAjar', 'raised')?.atMs).toBe(T0 + 4 * MINUTE);
    expect(s.last('doorAjar', 'resolved')?.alert.resolvedAtMs).toBe(T0 + 9 * MINUTE);
    // The warm air of the open door starts no temperature alert of its own.
    expect(s.changes('tooWarm')).toEqual([]);
  });
});
