import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertSystem, startAlertSystem } from '../helpers/alertParts';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, eventually, tempDataDir } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 09:00 UTC, whatever the wall clock says. */
const T0 = Date.UTC(2026, 11, 1, 9, 0);
const MINUTE = 60_000;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * Per-fridge thresholds over real MQTT, with a scripted device that holds the temperature exactly
 * where the test needs it (the fault scenarios themselves are played by the simulator, in
 * alertScenarios.test.ts).
 */
describe('per-fridge alert thresholds end to end', () => {
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
});
