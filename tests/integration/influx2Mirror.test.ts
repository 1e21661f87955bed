import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxMirrorFeature } from '../../server/features/influxMirror';
import {
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';
import { exportSeries, type RunningVictoriaMetrics, startVictoriaMetrics } from '../helpers/victoriaMetrics';

/**
 * The InfluxDB 2.x mirror against a real server speaking `/api/v2/write`: Debian's VictoriaMetrics,
 * which stores `weight,fridge=elm-st,shelf=s1 kg=10` as the series `weight_kg{fridge,shelf,device}`.
 */
describe('mirroring readings through the InfluxDB 2.x write API', () => {
  let data: ReturnType<typeof tempDataDir>;
  let vm: RunningVictoriaMetrics;
  let system: TestSystem;

  /** The shelf's points as [time, kg], in time order. */
  const weights = async () => {
    const series = (await exportSeries(vm.url, 'weight.*')).filter((s) => s.metric.fridge === 'elm-st');
    expect(series.every((s) => s.metric.__name__ === 'weight_kg' && s.metric.shelf === 's1')).toBe(true);
    return series
      .flatMap((s) => s.timestamps.map((t, i) => [t, s.values[i]] as [number, number | undefined]))
      .sort((a, b) => a[0] - b[0]);
  };

  beforeAll(async () => {
    data = tempDataDir();
    vm = await startVictoriaMetrics(data.dir);
    system = await startTestSystem(
      data.dir,
      { influxUrl: vm.url, influxToken: 'test-token', influxOrg: 'community', influxBucket: 'fridges' },
      { features: [influxMirrorFeature] },
    );
    await system.createFridge(elmStreet);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    await vm?.stop();
    data.remove();
  });

  it('writes each stored reading once, at its measured time, and catches up after an outage', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const t0 = system.clock.nowMs() - 60_000;
    const publishWeight = (i: number) =>
      device.publishAsync(
        reg.topics.shelves.s1 as string,
        JSON.stringify({ kg: 10 + i, ts: t0 + i * 1000, seq: i }),
        {
          qos: 1,
        },
      );
    for (let i = 0; i < 5; i++) await publishWeight(i);
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4.5, seq: 5 }), { qos: 1 });

    await eventually(async () => expect(await weights()).toHaveLength(5), 15_000);
    expect(await weights()).toEqual([0, 1, 2, 3, 4].map((i) => [t0 + i * 1000, 10 + i]));
    await eventually(async () => {
      const temperature = await exportSeries(vm.url, 'temperature.*');
      expect(temperature.map((s) => [s.metric.__name__, s.metric.fridge, s.values])).toEqual([
        ['temperature_celsius', 'elm-st', [4.5]],
      ]);
    }, 15_000);

    // The server goes away: readings are still stored and acknowledged; health says the mirror lags.
    const port = vm.port;
    await vm.stop();
    for (let i = 6; i < 10; i++) await publishWeight(i);
    await eventually(async () => {
      const health = (await system.app.inject({ url: '/api/health' })).json();
      expect(health.status).toBe('degraded');
      expect(health.problems.join()).toMatch(/influxMirror: InfluxDB unreachable/);
    }, 15_000);

    // Back on the same port and storage: the cursor resends exactly what was missed, once.
    vm = await startVictoriaMetrics(data.dir, port);
    await eventually(async () => expect(await weights()).toHaveLength(9), 30_000);
    expect(await weights()).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9].map((i) => [t0 + i * 1000, 10 + i]));
    await eventually(
      async () => expect((await system.app.inject({ url: '/api/health' })).json().status).toBe('ok'),
      10_000,
    );
    await device.endAsync();
  }, 90_000);
});
