import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyFeature } from '../../../server/features/history';
import { type RetentionJob, retentionFeature } from '../../../server/features/retention';
import { SqliteReadingStore, type StoredReading } from '../../../server/storage/readingStore';
import { buildRouteApp, type RouteApp } from '../../helpers/routeApp';
import { storedReading } from '../../helpers/storedReadings';
import { TestClock } from '../../helpers/testClock';

const DAY = 86_400_000;
const MIN = 60_000;
/** Readings from 1 November 2026 (UTC) for 40 days; the clock then stands at 10 December. */
const START = Date.UTC(2026, 10, 1);
const NOW = START + 39 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

const reading = (atMs: number, value: StoredReading['value']) =>
  storedReading('elm-st', 'dev-1', atMs, value);

describe('history routes', () => {
  let route: RouteApp;
  const clock = new TestClock(NOW);
  beforeEach(async () => {
    route = await buildRouteApp({ clock, features: [historyFeature, retentionFeature] });
    const created = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: {
        id: 'elm-st',
        name: 'Elm St, "the big one"',
        kind: 'fridge',
        shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
      },
    });
    expect(created.statusCode).toBe(201);
    const readings: StoredReading[] = [];
    for (let at = START; at < NOW; at += 5 * MIN) {
      // 3 °C, except one warm hour on 20 November 12:00–13:00 UTC (four 15-minute buckets at 9 °C).
      const warm = at >= START + 19 * DAY + 12 * 60 * MIN && at < START + 19 * DAY + 13 * 60 * MIN;
      readings.push(reading(at, { kind: 'temperature', celsius: warm ? 9 : 3 }));
    }
    route.db.transaction(() => new SqliteReadingStore(route.db).append(readings))();
    const session = route.db.prepare(
      `INSERT INTO door_sessions (fridge_id, opened_at, closed_at, taken_kg, added_kg, shelves, source, settle)
       VALUES ('elm-st', ?, ?, ?, ?, '[]', 'door', 'clean')`,
    );
    session.run(START + 2 * DAY, START + 2 * DAY + MIN, 1.5, 0);
    session.run(START + 3 * DAY, START + 3 * DAY + MIN, 0, 6);
    session.run(START + 31 * DAY, START + 31 * DAY + MIN, 2.25, 0); // 2 December
  });
  afterEach(async () => {
    await route.close();
  });

  const get = (url: string) => route.app.inject({ url });

  it('answers a week of temperature for anyone, from raw readings, at the step that fits', async () => {
    const res = await get(
      `/api/fridges/elm-st/history?metric=temperature&from=${iso(NOW - 7 * DAY)}&to=${iso(NOW)}`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ source: 'raw', step: '1h', rawFrom: null });
    expect(body.series[0].buckets).toHaveLength(7 * 24);
    expect(body.series[0].buckets[0]).toEqual({
      start: iso(NOW - 7 * DAY),
      count: 12,
      min: 3,
      mean: 3,
      max: 3,
    });
  });

  it('after pruning, answers the old part from rollups with the same figures and says so', async () => {
    const url = `/api/fridges/elm-st/history?metric=temperature&from=${iso(START + 5 * DAY)}&to=${iso(START + 25 * DAY)}&step=1h`;
    const before = (await get(url)).json();
    const run = route.module<RetentionJob>('retention').catchUp();
    expect(run.deletedReadings).toBe(9 * 288);
    const after = (await get(url)).json();
    expect(after).toMatchObject({ source: 'mixed', rawFrom: iso(START + 9 * DAY) });
    expect(after.series).toEqual(before.series);
    const fine = await get(url.replace('step=1h', 'step=5m'));
    expect(fine.statusCode).toBe(400);
    expect(fine.json().error.message).toContain('15-minute rollups');
  });

  it('refuses a query past the bucket limit with a 400 naming it, and an unknown fridge with 404', async () => {
    const res = await get(
      `/api/fridges/elm-st/history?metric=door&from=${iso(NOW - 7 * DAY)}&to=${iso(NOW)}&step=1m`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('the limit is 2000 buckets per query'),
    });
    expect((await get('/api/fridges/elm-st/history?metric=humidity')).statusCode).toBe(400);
    expect((await get('/api/fridges/nowhere/history?metric=temperature')).json().error.code).toBe(
      'FRIDGE_NOT_FOUND',
    );
  });

  it('sums kg shared, visits, restocks and hours out of safe temperature per month, also as CSV', async () => {
    route.module<RetentionJob>('retention').catchUp(); // November's start comes from rollups
    const url = `/api/network/summary?from=${iso(START)}&to=${iso(NOW)}&step=month`;
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.periods.map((p: { start: string }) => p.start)).toEqual([
      iso(START),
      iso(Date.UTC(2026, 11, 1)),
    ]);
    expect(body.periods[0].fridges['elm-st']).toEqual({
      kgShared: 1.5,
      visits: 2,
      restocks: 1,
      hoursOutOfSafeTemperature: 1,
    });
    expect(body.total).toEqual({ kgShared: 3.75, visits: 3, restocks: 1, hoursOutOfSafeTemperature: 1 });
    const csv = await get(`${url}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').slice(0, 3)).toEqual([
      'period_start,period_end,fridge_id,fridge_name,kg_shared,visits,restocks,hours_out_of_safe_temperature',
      `${iso(START)},${iso(Date.UTC(2026, 11, 1))},elm-st,"Elm St, ""the big one""",1.5,2,1,1`,
      `${iso(START)},${iso(Date.UTC(2026, 11, 1))},*,all fridges,1.5,2,1,1`,
    ]);
  });
});
