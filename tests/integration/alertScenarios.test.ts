import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertSystem, startAlertSystem } from '../helpers/alertParts';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, eventually, tempDataDir } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 09:00 UTC, whatever the wall clock says. */
const T0 = Date.UTC(2026, 11, 1, 9, 0);
const MINUTE = 60_000;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * Fault scenarios over real MQTT, each yielding exactly the expected alerts and notices. The
 * device publishes as firmware would, with `ts` from the test's clock.
 */
describe('alert scenarios end to end', () => {
  let data: ReturnType<typeof tempDataDir>;
  let clock: TestClock;
  let s: AlertSystem;
  const changes: string[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    clock = new TestClock(T0);
    s = await startAlertSystem(data.dir, clock);
    changes.length = 0;
    s.system.bus.on('alertChanged', 'test', ({ type, change }) => changes.push(`${type}:${change}`));
  });
  afterEach(async () => {
    await s.stop();
    data.remove();
  });

  const publish = (topic: string, body: Record<string, unknown>, ts = clock.ms) =>
    s.device.publishAsync(topic, JSON.stringify({ ...body, ts }), { qos: 1 });
  /** Temperature and one shelf each minute, as a healthy device reports, for `minutes`. */
  async function report(minutes: number, celsiusAt: (minute: number) => number | null): Promise<void> {
    for (let m = 0; m < minutes; m++) {
      const celsius = celsiusAt(m);
      if (celsius !== null) await publish(s.reg.topics.temperature, { celsius });
      await publish(s.reg.topics.shelves.s1 as string, { kg: 10 });
      clock.advance(MINUTE);
      s.alerts.runTimers();
    }
  }
  const kinds = async (count: number) => {
    await eventually(() => expect(s.notices()).toHaveLength(count));
    return s.notices().map((n) => n.kind);
  };

  it('door left open: a warning by the timer, resolved after it closes and the hold passes', async () => {
    // The dashboard's stream hears of it too.
    const abort = new AbortController();
    const stream = await fetch(`${s.system.httpUrl}/api/events`, { signal: abort.signal });
    let sse = '';
    const reader = stream.body?.getReader();
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        sse += decoder.decode(chunk.value);
      }
    })().catch(() => undefined);
    await report(2, () => 4);
    await publish(s.reg.topics.door, { open: true });
    await report(5, () => 4.5);
    expect(changes).toEqual(['doorAjar:raised']);
    await publish(s.reg.topics.door, { open: false });
    await report(16, () => 4);
    expect(changes).toEqual(['doorAjar:raised', 'doorAjar:resolved']);
    expect(await kinds(2)).toEqual(['foodSafety.doorAjar.raised', 'foodSafety.doorAjar.resolved']);
    expect(s.notices()[0]?.title).toBe('Elm St fridge: door open for 3 min');
    await eventually(() => {
      expect(sse).toMatch(
        /event: alert\ndata: \{"fridgeId":"elm-st","alertId":"al-[0-9a-f]{12}","type":"doorAjar","change":"raised"/,
      );
      expect(sse).toMatch(/"type":"doorAjar","change":"resolved"/);
    });
    abort.abort();
    await reading;
  });

  it('power cut, uploaded from the buffer: warning and critical at once, named as a power cut', async () => {
    // The device comes back after 2.5 h without Wi-Fi and sends what it measured, minute by minute.
    clock.advance(150 * MINUTE);
    for (let m = 0; m < 150; m++) {
      const celsius = m < 15 ? 4 : 4 + ((m - 15) / 60) * 3;
      await publish(s.reg.topics.temperature, { celsius }, T0 + m * MINUTE);
    }
    expect(changes).toEqual(['tooWarm:raised', 'tooWarm:escalated']);
    expect(await kinds(2)).toEqual(['foodSafety.tooWarm.raised', 'foodSafety.tooWarm.escalated']);
    expect(s.notices()[1]?.critical).toBe(true);
    expect(s.notices()[1]?.title).toMatch(
      /rising steadily with the door closed: a power cut or a failed compressor\?$/,
    );
    const status = (await s.system.fridge('elm-st')).temperature;
    expect(status.status).toBe('critical');
    expect(status.text).toMatch(/\(rising with the door shut: power cut\?\): do not take/);
  });

  it('compressor failure with a buffered probe: warning at 30 min, critical at 2 h in total', async () => {
    await s.system.app.inject({
      method: 'PUT',
      url: '/api/fridges/elm-st/alert-settings',
      headers: auth,
      payload: { profile: 'fridge', probe: 'buffered' },
    });
    await report(130, (m) => 5.5 + m / 100);
    // Widened at 1 h, unacknowledged; Ana (the only volunteer) was told already: no notice for it.
    expect(changes).toEqual(['tooWarm:raised', 'tooWarm:widened', 'tooWarm:escalated']);
    expect(await kinds(2)).toEqual(['foodSafety.tooWarm.raised', 'foodSafety.tooWarm.escalated']);
  });

  it('per-fridge thresholds: stored through the API, refused with the field named, applied by the rules', async () => {
    const put = (payload: Record<string, unknown>) =>
      s.system.app.inject({
        method: 'PUT',
        url: '/api/fridges/elm-st/alert-settings',
        headers: auth,
        payload,
      });
    const typo = await put({ profile: 'fridge', probe: 'air', thresholds: { warnAboveCelsius: 41 } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.message).toMatch(/thresholds\/warnAboveCelsius/);
    const inverted = await put({ profile: 'fridge', probe: 'air', thresholds: { criticalAboveCelsius: 3 } });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().error.message).toMatch(
      /^thresholds\.criticalAboveCelsius: .*warnAboveCelsius \(5 °C\)/,
    );
    const ok = await put({ profile: 'fridge', probe: 'air', thresholds: { warnAboveCelsius: 4 } });
    expect(ok.statusCode).toBe(200);
    const read = await s.system.app.inject({ url: '/api/fridges/elm-st/alert-settings', headers: auth });
    expect(read.json()).toEqual({ profile: 'fridge', probe: 'air', thresholds: { warnAboveCelsius: 4 } });
    // 4.5 °C for 32 min: quiet by the default 5 °C, a warning by this fridge's 4 °C.
    await report(32, () => 4.5);
    expect(changes).toEqual(['tooWarm:raised']);
    expect(await kinds(1)).toEqual(['foodSafety.tooWarm.raised']);
  });

  it('probe unplugged: the device still weighs, the probe warning comes, nothing else', async () => {
    await report(20, () => 4);
    await report(15, () => null);
    expect(changes).toEqual(['probeSilent:raised']);
    expect(await kinds(1)).toEqual(['deviceHealth.probeSilent.raised']);
    expect((await s.system.fridge('elm-st')).temperature).toMatchObject({
      status: 'unknown',
      text: 'Temperature sensor offline since 09:19: the figure is old',
    });
  });

  it('device offline: silence raised by the timer alone, resolved when it reports again', async () => {
    await report(3, () => 4);
    clock.advance(30 * MINUTE);
    s.alerts.runTimers();
    expect(changes).toEqual(['deviceSilent:raised']);
    await report(20, () => 4);
    expect(changes).toEqual(['deviceSilent:raised', 'deviceSilent:resolved']);
    expect(await kinds(2)).toEqual([
      'deviceHealth.deviceSilent.raised',
      'deviceHealth.deviceSilent.resolved',
    ]);
  });
});
