import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, Scenario, T0 } from './fixtures';

const DAY = 24 * HOUR;

describe('door', () => {
  it('warns when open for more than 3 min, fired by the timer, and resolves after the hold', () => {
    const s = new Scenario();
    s.reading(T0, { kind: 'weight', shelfId: 's1', kg: 10 });
    s.door(T0 + MINUTE, true);
    s.reading(T0 + 2 * MINUTE, { kind: 'weight', shelfId: 's1', kg: 9 });
    s.runUntil(T0 + 3 * MINUTE + 59_000);
    expect(s.changes()).toEqual([]);
    s.runUntil(T0 + 5 * MINUTE);
    expect(s.changes()).toEqual(['doorAjar:raised:warning']);
    expect(s.last('doorAjar')?.atMs).toBe(T0 + 4 * MINUTE);
    s.door(T0 + 9 * MINUTE, false);
    s.runUntil(T0 + 30 * MINUTE);
    expect(s.changes('doorAjar')).toEqual(['doorAjar:raised:warning', 'doorAjar:resolved:warning']);
    expect(s.last('doorAjar', 'resolved')?.alert).toMatchObject({
      startedAtMs: T0 + MINUTE,
      clearedAtMs: T0 + 9 * MINUTE,
      // A shut door holds for doorResolveAfterMs (2 min), not the 15 min of a temperature.
      resolvedAtMs: T0 + 11 * MINUTE,
    });
  });

  it('open 15 min with no weight change: the door switch may be faulty', () => {
    const s = new Scenario();
    s.reading(T0, { kind: 'weight', shelfId: 's1', kg: 10 });
    s.door(T0 + MINUTE, true);
    for (let t = T0 + 2 * MINUTE; t < T0 + 20 * MINUTE; t += MINUTE)
      s.reading(t, { kind: 'weight', shelfId: 's1', kg: 10.05 });
    s.runUntil(T0 + 20 * MINUTE);
    expect(s.changes()).toEqual(['doorAjar:raised:warning', 'doorSwitchFaulty:raised:warning']);
    expect(s.last('doorSwitchFaulty')?.alert.category).toBe('deviceHealth');
    expect(s.last('doorSwitchFaulty')?.atMs).toBe(T0 + 16 * MINUTE);
  });

  it('a door really open (shelves moving) is no faulty switch', () => {
    const s = new Scenario();
    s.reading(T0, { kind: 'weight', shelfId: 's1', kg: 10 });
    s.door(T0 + MINUTE, true);
    s.reading(T0 + 5 * MINUTE, { kind: 'weight', shelfId: 's1', kg: 7 });
    s.runUntil(T0 + 20 * MINUTE);
    expect(s.changes('doorSwitchFaulty')).toEqual([]);
  });

  it('a buffered open-and-close raises and resolves the door alert in measured time', () => {
    const s = new Scenario();
    const uploadedAt = T0 + HOUR;
    s.door(T0, true, uploadedAt);
    s.door(T0 + 8 * MINUTE, false, uploadedAt);
    s.reading(T0 + 30 * MINUTE, { kind: 'temperature', celsius: 4 }, uploadedAt);
    const door = s.effects.filter((e) => e.alert.type === 'doorAjar');
    expect(door.map((e) => e.change)).toEqual(['raised', 'resolved']);
    expect(door[0]?.alert.raisedAtMs).toBe(T0 + 3 * MINUTE);
    expect(door[1]?.alert).toMatchObject({ clearedAtMs: T0 + 8 * MINUTE, resolvedAtMs: T0 + 10 * MINUTE });
  });
});

describe('device health', () => {
  it('a device that falls silent is reported by the timer, with no further message at all', () => {
    const s = new Scenario();
    s.celsius(T0, 4);
    // Not learnt yet: the default 5 min interval, silent after three of them.
    s.runUntil(T0 + 14 * MINUTE);
    expect(s.changes()).toEqual([]);
    s.runUntil(T0 + HOUR);
    // Unacknowledged for 30 min, it is told to the next circle (escalation over time).
    expect(s.changes()).toEqual(['deviceSilent:raised:warning', 'deviceSilent:widened:warning']);
    expect(s.last('deviceSilent', 'raised')?.atMs).toBe(T0 + 15 * MINUTE);
    expect(s.last('deviceSilent', 'widened')?.atMs).toBe(T0 + 45 * MINUTE);
    expect(s.last('deviceSilent', 'raised')?.alert).toMatchObject({
      startedAtMs: T0,
      details: { deviceIds: ['elm-sensor'], offline: false },
    });
    // It comes back: the alert clears when the message arrives and resolves after the hold.
    for (let t = T0 + HOUR; t <= T0 + 2 * HOUR; t += 5 * MINUTE) s.celsius(t, 4);
    s.runUntil(T0 + 2 * HOUR);
    expect(s.last('deviceSilent', 'resolved')?.alert).toMatchObject({
      clearedAtMs: T0 + HOUR,
      resolvedAtMs: T0 + HOUR + 15 * MINUTE,
    });
    expect(s.changes()).toEqual([
      'deviceSilent:raised:warning',
      'deviceSilent:widened:warning',
      'deviceSilent:resolved:warning',
    ]);
  });

  it('learns each device interval from the last day: a slow reporter is not silent after 10 min', () => {
    const s = new Scenario();
    for (let t = T0; t <= T0 + 6 * HOUR; t += 15 * MINUTE) s.celsius(t, 4);
    s.runUntil(T0 + 6 * HOUR + 44 * MINUTE);
    expect(s.changes()).toEqual([]);
    s.runUntil(T0 + 8 * HOUR);
    expect(s.last('deviceSilent', 'raised')?.atMs).toBe(T0 + 6 * HOUR + 45 * MINUTE);
  });

  it('a last will saying offline raises the silence warning at once', () => {
    const s = new Scenario();
    s.celsius(T0, 4);
    s.reading(
      T0 + MINUTE,
      { kind: 'deviceStatus', deviceId: 'elm-sensor', online: false },
      T0 + MINUTE,
      null,
    );
    expect(s.changes()).toEqual(['deviceSilent:raised:warning']);
    expect(s.active('deviceSilent')?.details.offline).toBe(true);
  });

  it('battery at or below 20 % warns and is reminded daily until acknowledged', () => {
    const s = new Scenario();
    const status = (atMs: number, battery: number) =>
      s.reading(atMs, { kind: 'deviceStatus', deviceId: 'elm-sensor', online: true, battery });
    status(T0, 0.35);
    expect(s.changes()).toEqual([]);
    // Keep it talking so silence does not mix in.
    for (let t = T0 + MINUTE; t < T0 + 3 * DAY; t += 5 * MINUTE) status(t, 0.18);
    s.runUntil(T0 + 3 * DAY);
    const battery = s.effects.filter((e) => e.alert.type === 'lowBattery');
    expect(battery.map((e) => [e.change, e.atMs])).toEqual([
      ['raised', T0 + MINUTE],
      ['widened', T0 + 31 * MINUTE],
      ['reminder', T0 + MINUTE + DAY],
      ['reminder', T0 + MINUTE + 2 * DAY],
    ]);
    expect(battery[0]?.alert.details).toMatchObject({ deviceIds: ['elm-sensor'], battery: 0.18 });
    s.at(T0 + 3 * DAY, {
      type: 'acknowledge',
      alertId: battery[0]?.alert.id ?? '',
      by: 'Ben',
      note: 'new cells Saturday',
    });
    for (let t = T0 + 3 * DAY; t < T0 + 5 * DAY; t += 5 * MINUTE) status(t, 0.17);
    s.runUntil(T0 + 5 * DAY);
    expect(s.effects.filter((e) => e.alert.type === 'lowBattery' && e.change === 'reminder')).toHaveLength(2);
  });

  it('estimator sensor faults warn, naming the shelf', () => {
    const s = new Scenario();
    s.at(T0, { type: 'shelfFaults', faults: [{ shelfId: 's2', reason: 'stuck' }] });
    expect(s.changes()).toEqual(['sensorFault:raised:warning']);
    expect(s.active('sensorFault')?.details.shelves).toEqual([{ shelfId: 's2', reason: 'stuck' }]);
    s.at(T0 + HOUR, { type: 'shelfFaults', faults: [] });
    s.runUntil(T0 + 2 * HOUR);
    expect(s.changes('sensorFault')).toEqual(['sensorFault:raised:warning', 'sensorFault:resolved:warning']);
  });

  it('refuses to acknowledge an alert that is not open', () => {
    const s = new Scenario();
    const step = s.at(T0, { type: 'acknowledge', alertId: 'a-404', by: 'Ana', note: null });
    expect(step).toEqual([]);
  });
});

describe('temperature probe', () => {
  it('an unplugged probe (the device still weighs) warns in measured time, and not while the device is merely slow', () => {
    const s = new Scenario();
    for (let t = T0; t < T0 + HOUR; t += MINUTE) {
      s.celsius(t, 4);
      s.reading(t + 30_000, { kind: 'weight', shelfId: 's1', kg: 10 });
    }
    expect(s.changes()).toEqual([]);
    // The probe is unplugged at T0 + 1 h: weights go on, temperatures stop.
    for (let t = T0 + HOUR; t < T0 + 2 * HOUR; t += MINUTE)
      s.reading(t, { kind: 'weight', shelfId: 's1', kg: 10 });
    expect(s.changes()).toEqual(['probeSilent:raised:warning']);
    // Learnt interval 1 min: silent after the 10 min floor, from the last temperature at T0 + 59 min.
    expect(s.last('probeSilent')?.atMs).toBe(T0 + 69 * MINUTE);
    expect(s.last('probeSilent')?.alert.category).toBe('deviceHealth');
  });

  it('a hung device that reports again raises no probe alert before its probe had its turn', () => {
    const s = new Scenario();
    for (let t = T0; t < T0 + HOUR; t += MINUTE) {
      s.celsius(t, 4);
      s.reading(t + 30_000, { kind: 'weight', shelfId: 's1', kg: 10 });
    }
    // Nothing at all for 30 min (deviceSilent), then a weight first, the temperature 30 s later.
    s.runUntil(T0 + 90 * MINUTE);
    for (let t = T0 + 90 * MINUTE; t < T0 + 2 * HOUR; t += MINUTE) {
      s.reading(t, { kind: 'weight', shelfId: 's1', kg: 10 });
      s.celsius(t + 30_000, 4);
    }
    expect(s.changes('probeSilent')).toEqual([]);
    expect(s.changes('deviceSilent')).toEqual([
      'deviceSilent:raised:warning',
      'deviceSilent:resolved:warning',
    ]);
  });

  it('a device coming back with its buffer raises no probe alert', () => {
    const s = new Scenario();
    const back = T0 + 3 * HOUR;
    for (let t = T0; t < T0 + 2 * HOUR; t += MINUTE) {
      s.celsius(t, 4, t < T0 + HOUR ? t : back);
      s.reading(t + 30_000, { kind: 'weight', shelfId: 's1', kg: 10 }, t < T0 + HOUR ? t + 30_000 : back);
    }
    expect(s.changes('probeSilent')).toEqual([]);
  });
});
