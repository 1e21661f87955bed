import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertStep } from '../../../../server/domain/alerts/rules';
import { initialAlertState } from '../../../../server/domain/alerts/types';
import { context, HOUR, MINUTE, Scenario, T0 } from './fixtures';

/** Fridge air after a door session: back toward 4 °C with a 10 min time constant (the simulator's model). */
const recovering = (closedAtMs: number, peakCelsius: number) => (atMs: number) =>
  4 + (peakCelsius - 4) * Math.exp(-(atMs - closedAtMs) / (10 * MINUTE));

describe('fridge too warm', () => {
  it('does not alert on the spike after a door session (air probe)', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 10 * MINUTE, () => 3.8);
    s.door(T0 + 10 * MINUTE, true);
    s.door(T0 + 10 * MINUTE + 40_000, false);
    s.temperatures(T0 + 11 * MINUTE, T0 + 3 * HOUR, recovering(T0 + 10 * MINUTE, 8.5));
    s.runUntil(T0 + 3 * HOUR);
    expect(s.changes()).toEqual([]);
  });

  it('warns after 30 min in a row above 5 °C (31 min warns, 29 min does not)', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 30 * MINUTE, () => 6.2);
    expect(s.changes()).toEqual([]);
    s.celsius(T0 + 30 * MINUTE, 6.3);
    s.celsius(T0 + 31 * MINUTE, 6.4);
    expect(s.changes()).toEqual(['tooWarm:raised:warning']);
    const raised = s.last('tooWarm', 'raised');
    expect(raised?.alert).toMatchObject({ startedAtMs: T0, raisedAtMs: T0 + 30 * MINUTE, peakCelsius: 6.3 });
  });

  it('goes critical at 2 h above 5 °C in total within one excursion, dips included', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 60 * MINUTE, () => 6.5);
    // A dip shorter than the hold time: the same excursion.
    s.temperatures(T0 + 60 * MINUTE, T0 + 70 * MINUTE, () => 4.6);
    s.temperatures(T0 + 70 * MINUTE, T0 + 3 * HOUR, () => 6.5);
    expect(s.changes('tooWarm')).toEqual(['tooWarm:raised:warning', 'tooWarm:escalated:critical']);
    const escalated = s.last('tooWarm', 'escalated');
    // 60 min warm before the dip, the minute into it counted from the last warm reading, then 59 more.
    expect(escalated?.atMs).toBe(T0 + 130 * MINUTE);
    expect(escalated?.alert.details.warmTotalMs).toBe(2 * HOUR);
  });

  it('goes critical above 8 °C for 30 min', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 40 * MINUTE, () => 9.1);
    expect(s.changes('tooWarm')).toEqual(['tooWarm:raised:critical']);
    expect(s.last('tooWarm')?.atMs).toBe(T0 + 30 * MINUTE);
  });

  it('counts the recovery window toward the 2 h once the fridge stays warm after a visit', () => {
    const s = new Scenario();
    s.door(T0, true);
    s.door(T0 + 30_000, false);
    // The compressor dies with the visit: the air never comes back below 5 °C.
    s.temperatures(T0 + MINUTE, T0 + 3 * HOUR, () => 6);
    const raised = s.last('tooWarm', 'raised');
    // Window readings start nothing: the first reading outside the window is at 30.5 min,
    // so the warning comes 30 min later (the first minute reading at or after 60.5 min).
    expect(raised?.atMs).toBe(T0 + 61 * MINUTE);
    expect(raised?.alert.startedAtMs).toBe(T0 + MINUTE);
    // ...but the 2 h count from the start of the run, window included.
    expect(s.last('tooWarm', 'escalated')?.atMs).toBe(T0 + 121 * MINUTE);
  });

  it('a busy evening of visits with an air probe raises nothing', () => {
    const s = new Scenario();
    let t = T0;
    for (let visit = 0; visit < 16; visit++) {
      s.door(t, true);
      s.door(t + 40_000, false);
      const closed = t + 40_000;
      s.temperatures(t + MINUTE, t + 15 * MINUTE, recovering(closed, 8));
      t += 15 * MINUTE;
    }
    s.runUntil(t);
    expect(s.changes()).toEqual([]);
  });

  it('the same run with a buffered probe (no window) warns', () => {
    const s = new Scenario(context({}, { probe: 'buffered' }));
    s.door(T0, true);
    s.door(T0 + 30_000, false);
    s.temperatures(T0 + MINUTE, T0 + 40 * MINUTE, () => 6);
    expect(s.last('tooWarm', 'raised')?.atMs).toBe(T0 + 31 * MINUTE);
  });

  it('resolves after the hold time with the right duration and peak', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 50 * MINUTE, (t) => 6 + ((t - T0) / (50 * MINUTE)) * 1.5);
    s.temperatures(T0 + 50 * MINUTE, T0 + 64 * MINUTE, () => 4.2);
    expect(s.active('tooWarm')?.clearedAtMs).toBe(T0 + 50 * MINUTE);
    expect(s.changes('tooWarm')).toEqual(['tooWarm:raised:warning']);
    s.temperatures(T0 + 64 * MINUTE, T0 + 70 * MINUTE, () => 4.2);
    expect(s.changes('tooWarm')).toEqual(['tooWarm:raised:warning', 'tooWarm:resolved:warning']);
    const resolved = s.last('tooWarm', 'resolved')?.alert;
    expect(resolved).toMatchObject({
      status: 'resolved',
      startedAtMs: T0,
      clearedAtMs: T0 + 50 * MINUTE,
      resolvedAtMs: T0 + 65 * MINUTE,
    });
    expect(resolved?.peakCelsius).toBeCloseTo(6 + (49 / 50) * 1.5, 6);
    expect(s.active('tooWarm')).toBeUndefined();
  });

  it('names the power-cut pattern: a steady rise with the door closed', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 20 * MINUTE, () => 3.9);
    // Power off: the fridge warms by about 2 °C an hour, door shut.
    s.temperatures(T0 + 20 * MINUTE, T0 + 3 * HOUR, (t) => 3.9 + ((t - T0 - 20 * MINUTE) / HOUR) * 2);
    const raised = s.last('tooWarm', 'raised')?.alert;
    expect(raised?.details.steadyRise).toBe(true);
  });

  it('a compressor that cycles badly (up and down) is no steady rise', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 2 * HOUR, (t) => 6.5 + Math.sin((t - T0) / (5 * MINUTE)));
    expect(s.last('tooWarm', 'raised')?.alert.details.steadyRise).toBe(false);
  });

  it('replays buffered readings in measured time: raises and resolves as if live', () => {
    const s = new Scenario();
    const uploadedAt = T0 + 4 * HOUR;
    s.celsius(T0, 4, T0);
    // The device was offline from T0 + 1 min; it uploads three hours of buffer at once.
    for (let t = T0 + MINUTE; t < T0 + 3 * HOUR; t += MINUTE) {
      const warm = t < T0 + 61 * MINUTE;
      s.celsius(t, warm ? 6.5 : 4, uploadedAt);
    }
    const tooWarm = s.effects.filter((e) => e.alert.type === 'tooWarm');
    expect(tooWarm.map((e) => e.change)).toEqual(['raised', 'resolved']);
    expect(tooWarm[0]?.alert.raisedAtMs).toBe(T0 + 31 * MINUTE);
    expect(tooWarm[1]?.alert).toMatchObject({
      startedAtMs: T0 + MINUTE,
      clearedAtMs: T0 + 61 * MINUTE,
      resolvedAtMs: T0 + 76 * MINUTE,
    });
  });

  it('re-sends an unacknowledged critical alert every 30 min, and stops once acknowledged', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 31 * MINUTE, () => 9);
    expect(s.changes('tooWarm')).toEqual(['tooWarm:raised:critical']);
    s.temperatures(T0 + 31 * MINUTE, T0 + 95 * MINUTE, () => 9);
    s.runUntil(T0 + 95 * MINUTE);
    expect(s.effects.filter((e) => e.change === 'reminder').map((e) => e.atMs)).toEqual([
      T0 + 60 * MINUTE,
      T0 + 90 * MINUTE,
    ]);
    const id = s.active('tooWarm')?.id ?? '';
    s.at(T0 + 95 * MINUTE, { type: 'acknowledge', alertId: id, by: 'Ana', note: 'moved food to the cafe' });
    s.temperatures(T0 + 95 * MINUTE, T0 + 3 * HOUR, () => 9);
    s.runUntil(T0 + 3 * HOUR);
    expect(s.effects.filter((e) => e.change === 'reminder')).toHaveLength(2);
    expect(s.active('tooWarm')).toMatchObject({
      status: 'acknowledged',
      acknowledgement: { by: 'Ana', atMs: T0 + 95 * MINUTE, note: 'moved food to the cafe' },
    });
  });

  it('a critical alert from a buffered upload is re-sent 30 min after the upload, not after its measured time', () => {
    const s = new Scenario();
    const uploadedAt = T0 + 3 * HOUR;
    for (let t = T0; t < T0 + 2 * HOUR; t += MINUTE) s.celsius(t, 9, uploadedAt);
    expect(s.active('tooWarm')).toMatchObject({
      severity: 'critical',
      nextNoticeAtMs: uploadedAt + 30 * MINUTE,
    });
  });

  it('an acknowledged warning that turns critical is unacknowledged again', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 31 * MINUTE, () => 6);
    const id = s.active('tooWarm')?.id ?? '';
    s.at(T0 + 31 * MINUTE, { type: 'acknowledge', alertId: id, by: 'Ana', note: null });
    s.temperatures(T0 + 31 * MINUTE, T0 + 2 * HOUR + 5 * MINUTE, () => 6);
    expect(s.active('tooWarm')).toMatchObject({ id, severity: 'critical', status: 'active' });
  });

  it('keeps one alert per fridge and type', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 5 * HOUR, (t) => ((t - T0) % HOUR < 40 * MINUTE ? 7 : 6));
    expect(s.effects.filter((e) => e.change === 'raised')).toHaveLength(1);
  });
});

describe('too cold, freezers and pantries', () => {
  it('warns below 0 °C in a fridge after 30 min', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 45 * MINUTE, () => -0.8);
    expect(s.changes()).toEqual(['tooCold:raised:warning']);
    expect(s.active('tooCold')?.peakCelsius).toBe(-0.8);
  });

  it('a freezer warns above -15 °C, goes critical above -12 °C for 2 h', () => {
    const s = new Scenario(context({}, { profile: 'freezer' }));
    s.temperatures(T0, T0 + HOUR, () => -18);
    expect(s.changes()).toEqual([]);
    s.temperatures(T0 + HOUR, T0 + 4 * HOUR, () => -11);
    expect(s.changes('tooWarm')).toEqual(['tooWarm:raised:warning', 'tooWarm:escalated:critical']);
    expect(s.last('tooWarm', 'escalated')?.atMs).toBe(T0 + 3 * HOUR);
  });

  it('a freezer above 4 °C is critical at once', () => {
    const s = new Scenario(context({}, { profile: 'freezer' }));
    s.celsius(T0, -18);
    s.celsius(T0 + MINUTE, 4.5);
    expect(s.changes()).toEqual(['tooWarm:raised:critical']);
  });

  it('a pantry has no temperature rules', () => {
    const s = new Scenario(context({}, { profile: 'none' }));
    s.temperatures(T0, T0 + 6 * HOUR, () => 30);
    expect(s.changes()).toEqual([]);
  });
});

describe('properties', () => {
  it('never alerts while every reading is at or below 5 °C and above 0 °C', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 400 }),
        (temps) => {
          let state = initialAlertState();
          const ctx = context();
          let effects = 0;
          temps.forEach((celsius, i) => {
            const step = alertStep(
              state,
              {
                type: 'reading',
                deviceId: 'elm-sensor',
                receivedAtMs: T0 + i * MINUTE,
                value: { kind: 'temperature', celsius },
              },
              T0 + i * MINUTE,
              ctx,
            );
            state = step.state;
            effects += step.effects.length;
          });
          return effects === 0;
        },
      ),
    );
  });

  it('a steady fridge above 5 °C warns exactly when 30 min have passed, whatever the temperature and interval', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 5.01, max: 7.9, noNaN: true }),
        fc.integer({ min: 10_000, max: 10 * MINUTE }),
        (celsius, stepMs) => {
          const s = new Scenario();
          s.temperatures(T0, T0 + 40 * MINUTE, () => celsius, stepMs);
          const raised = s.last('tooWarm', 'raised');
          const expected = T0 + Math.ceil((30 * MINUTE) / stepMs) * stepMs;
          return raised?.atMs === expected && raised.alert.severity === 'warning';
        },
      ),
    );
  });

  it('severity never falls and the peak is at least every warm reading while an alert lasts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 3, max: 12, noNaN: true }), { minLength: 40, maxLength: 300 }),
        (temps) => {
          const s = new Scenario(context({}, { probe: 'buffered' }));
          let worst = 0;
          temps.forEach((celsius, i) => {
            s.celsius(T0 + i * MINUTE, celsius);
            const alert = s.active('tooWarm');
            if (!alert) {
              worst = 0;
              return;
            }
            const rank = alert.severity === 'critical' ? 2 : 1;
            if (rank < worst) throw new Error('severity fell');
            worst = rank;
            if (alert.clearedAtMs === null && (alert.peakCelsius ?? -1) < celsius)
              throw new Error(`peak ${alert.peakCelsius} below a reading of ${celsius}`);
          });
          return true;
        },
      ),
    );
  });
});
