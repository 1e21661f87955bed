import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  connectDevice,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const HOUR = 3_600_000;
const MIN = 60_000;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * The safe band of the history answer comes from the fridge's alert settings (profile and
 * overrides), the same thresholds the alert rules judge by, and the network's hours out of safe
 * temperature count against the same band.
 */
describe('the safe band in the history answer', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge({
      id: 'ice-box',
      name: 'Ice box',
      kind: 'fridge',
      shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
    });
    await system.createFridge({
      id: 'shelf-hall',
      name: 'Hall pantry',
      kind: 'pantry',
      shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
    });
  });
  afterAll(async () => {
    await system?.stop();
    data?.remove();
  });

  const band = async (fridgeId: string, metric = 'temperature') => {
    const res = await system.app.inject({ url: `/api/fridges/${fridgeId}/history?metric=${metric}` });
    expect(res.statusCode).toBe(200);
    return res.json().safeBand;
  };
  const settings = async (payload: object) => {
    const res = await system.app.inject({
      method: 'PUT',
      url: '/api/fridges/ice-box/alert-settings',
      headers: auth,
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const hoursOut = async () => {
    const res = await system.app.inject({ url: '/api/network/summary?step=month' });
    expect(res.statusCode).toBe(200);
    return res.json().fridges['ice-box'].total.hoursOutOfSafeTemperature;
  };

  it('follows the profile and the overrides the alert rules use; a pantry has none', async () => {
    // Two hours at -10 °C: safe in a fridge's terms? No: below 0 °C. In a freezer's: above -15 °C.
    const reg = await system.registerDevice('ice-box', 'ice-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const start = Math.floor(system.clock.nowMs() / HOUR) * HOUR - 3 * HOUR;
    for (let at = start; at < start + 2 * HOUR; at += 5 * MIN)
      await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: -10, ts: at }), { qos: 1 });
    await device.endAsync();
    await eventually(async () => {
      const res = await system.app.inject({ url: '/api/fridges/ice-box/history?metric=temperature' });
      expect(res.json().series[0]?.buckets.length ?? 0).toBeGreaterThan(0);
    });

    expect(await band('ice-box')).toEqual({ lowCelsius: 0, highCelsius: 5 });
    expect(await band('ice-box', 'stock')).toEqual({ lowCelsius: 0, highCelsius: 5 });
    expect(await hoursOut()).toBe(2); // below the fridge's 0 °C

    await settings({ profile: 'freezer', probe: 'buffered' });
    expect(await band('ice-box')).toEqual({ lowCelsius: null, highCelsius: -15 });
    expect(await hoursOut()).toBe(2); // above the freezer's -15 °C

    await settings({
      profile: 'freezer',
      probe: 'buffered',
      thresholds: { warnAboveCelsius: -8, criticalTotalAboveCelsius: -5 },
    });
    expect(await band('ice-box')).toEqual({ lowCelsius: null, highCelsius: -8 });
    expect(await hoursOut()).toBe(0);

    await settings({
      profile: 'fridge',
      probe: 'air',
      thresholds: { warnAboveCelsius: 4, coldBelowCelsius: -12 },
    });
    expect(await band('ice-box')).toEqual({ lowCelsius: -12, highCelsius: 4 });
    expect(await hoursOut()).toBe(0);

    // No warm rule, no band: the chart draws none and says so.
    await settings({ profile: 'fridge', probe: 'air', thresholds: { warnAboveCelsius: null } });
    expect(await band('ice-box')).toBeNull();
    expect(await band('shelf-hall')).toBeNull();
  });
});
