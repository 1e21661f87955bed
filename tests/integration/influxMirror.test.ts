import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxWriter } from '../../server/adapters/influxWriter';
import { influxMirrorFeature } from '../../server/features/influxMirror';
import { type RunningInfluxd, startInfluxd } from '../helpers/influxd';
import {
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

describe('mirroring readings to a real InfluxDB 1.x', () => {
  let data: ReturnType<typeof tempDataDir>;
  let influxd: RunningInfluxd;
  let system: TestSystem;
  let influx: InfluxWriter;

  const weights = async () =>
    influx.query<{ time: Date; kg: number; shelf: string }>(
      `SELECT kg, shelf FROM weight WHERE fridge = 'elm-st'`,
    );

  beforeAll(async () => {
    data = tempDataDir();
    influxd = await startInfluxd(data.dir);
    system = await startTestSystem(
      data.dir,
      { influxUrl: `${influxd.url}/fridges` },
      { features: [influxMirrorFeature] },
    );
    await system.createFridge(elmStreet);
    influx = new InfluxWriter(`${influxd.url}/fridges`, 'fridges');
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    await influxd?.stop();
    data.remove();
  });

  it('writes each stored reading once, at its measured time, and catches up after an outage', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const t0 = system.clock.nowMs() - 60_000;
    for (let i = 0; i < 5; i++) {
      await device.publishAsync(
        reg.topics.shelves.s1 as string,
        JSON.stringify({ kg: 10 + i, ts: t0 + i * 1000, seq: i }),
        { qos: 1 },
      );
    }
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4.5, seq: 5 }), { qos: 1 });
    await eventually(async () => expect(await weights()).toHaveLength(5), 15_000);
    const first = await weights();
    expect(first.map((p) => p.kg)).toEqual([10, 11, 12, 13, 14]);
    expect(first[0]?.time.getTime()).toBe(t0);
    await eventually(async () => {
      const temperatures = await influx.query<{ celsius: number }>(
        `SELECT celsius FROM temperature WHERE fridge = 'elm-st'`,
      );
      expect(temperatures.map((p) => p.celsius)).toEqual([4.5]);
    }, 15_000);

    // InfluxDB goes away: readings keep being stored (and acknowledged), health says the mirror lags.
    const port = influxd.port;
    await influxd.stop();
    for (let i = 6; i < 10; i++) {
      await device.publishAsync(
        reg.topics.shelves.s1 as string,
        JSON.stringify({ kg: 10 + i, ts: t0 + i * 1000, seq: i }),
        { qos: 1 },
      );
    }
    await eventually(async () => {
      const health = (await system.app.inject({ url: '/api/health' })).json();
      expect(health.status).toBe('degraded');
      expect(health.problems.join()).toMatch(/influxMirror: InfluxDB unreachable/);
    }, 15_000);

    influxd = await startInfluxd(data.dir, port);
    await eventually(async () => expect(await weights()).toHaveLength(9), 30_000);
    expect((await weights()).map((p) => p.kg)).toEqual([10, 11, 12, 13, 14, 16, 17, 18, 19]);
    await eventually(
      async () => expect((await system.app.inject({ url: '/api/health' })).json().status).toBe('ok'),
      10_000,
    );
    await device.endAsync();
  }, 90_000);
});
