import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxWriter, readingToPoint } from '../../server/adapters/influxWriter';
import type { StoredReading } from '../../server/storage/readingStore';
import { type RunningInfluxd, startInfluxd } from '../helpers/influxd';
import { TEST_START_MS, tempDataDir } from '../helpers/testSystem';

interface Dashboard {
  templating: { list: Array<{ name: string; query: string }> };
  panels: Array<{ title: string; targets: Array<{ query: string }> }>;
}
const dashboard = JSON.parse(readFileSync('docs/grafana/community-fridges.json', 'utf8')) as Dashboard;

const FROM = TEST_START_MS - 3_600_000;
const TO = TEST_START_MS;

/** What Grafana puts in for its macros and the `fridge` variable (one fridge picked). */
const expand = (query: string) =>
  query
    .replaceAll('$timeFilter', `time >= ${FROM}ms AND time < ${TO}ms`)
    .replaceAll('$__interval', '5m')
    .replaceAll('$fridge', 'elm-st');

describe('the Grafana dashboard in docs/grafana runs against a real InfluxDB 1.x', () => {
  let data: ReturnType<typeof tempDataDir>;
  let influxd: RunningInfluxd;
  let influx: InfluxWriter;

  beforeAll(async () => {
    data = tempDataDir();
    influxd = await startInfluxd(data.dir);
    influx = new InfluxWriter(`${influxd.url}/fridges`, 'fridges');
    // An hour of the mirror's own points for two fridges: what readingToPoint writes in production.
    const points = [];
    for (const fridgeId of ['elm-st', 'oak-ave'])
      for (let at = FROM; at < TO; at += 60_000) {
        const reading = (value: StoredReading['value']): StoredReading => ({
          fridgeId,
          deviceId: `${fridgeId}-dev`,
          sourceKey: `${fridgeId}-dev`,
          seq: null,
          value,
          measuredAtMs: at,
          receivedAtMs: at,
          late: false,
          clockSkew: false,
        });
        points.push(
          readingToPoint(reading({ kind: 'temperature', celsius: 3.5 })),
          readingToPoint(reading({ kind: 'weight', shelfId: 'top', kg: 7 })),
          readingToPoint(reading({ kind: 'door', open: (at / 60_000) % 10 === 0 })),
          readingToPoint(
            reading({
              kind: 'deviceStatus',
              deviceId: `${fridgeId}-dev`,
              online: true,
              battery: 0.8,
              rssi: -60,
            }),
          ),
        );
      }
    await influx.write(points);
  }, 60_000);
  afterAll(async () => {
    await influxd?.stop();
    data.remove();
  });

  it('lists the fridges for its variable', async () => {
    const variable = dashboard.templating.list.find((v) => v.name === 'fridge');
    const rows = await influx.query<{ key: string; value: string }>(variable?.query ?? '');
    expect(rows.map((r) => r.value).sort()).toEqual(['elm-st', 'oak-ave']);
  });

  it('returns data for every panel query', async () => {
    const queries = dashboard.panels.flatMap((p) =>
      p.targets.map((t) => ({ title: p.title, query: t.query })),
    );
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const { title, query } of queries) {
      const rows = await influx.query<Record<string, unknown>>(expand(query));
      expect(rows.length, `${title}: ${expand(query)}`).toBeGreaterThan(0);
      // One fridge picked: no point of the other one comes back.
      expect(
        rows.some((r) => r.fridge === 'oak-ave'),
        title,
      ).toBe(false);
    }
  });
});
