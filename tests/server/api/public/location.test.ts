import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRouteApp, type RouteApp } from '../../../helpers/routeApp';
import { TestClock } from '../../../helpers/testClock';
import { TEST_START_MS } from '../../../helpers/testSystem';

const elmStreet = {
  id: 'elm-st',
  name: 'Elm St fridge',
  kind: 'fridge' as const,
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
};
// TEST_START_MS is Tuesday 2026-12-01 10:00 UTC; the route app runs in UTC.
const tuesdayMorning = { tu: [{ from: '08:00', to: '12:00' }] };

describe('a fridge location and opening hours', () => {
  let route: RouteApp;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(TEST_START_MS);
    route = await buildRouteApp({ clock });
  });
  afterEach(async () => {
    await route.close();
  });

  it('are set by an organiser, shown to anyone, with open now in the site zone, and cleared by null', async () => {
    const created = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: { ...elmStreet, location: { lat: 52.52, lon: 13.405 }, openingHours: tuesdayMorning },
    });
    expect(created.statusCode).toBe(201);
    const seen = (await route.app.inject({ url: '/api/fridges/elm-st' })).json();
    expect(seen).toMatchObject({
      location: { lat: 52.52, lon: 13.405 },
      openingHours: tuesdayMorning,
      timeZone: 'UTC',
      openNow: true,
      needs: { categories: [], note: null, updatedAt: null },
      reports: [],
    });
    clock.advance(2 * 3_600_000); // 12:00: closed
    expect((await route.app.inject({ url: '/api/fridges' })).json()[0].openNow).toBe(false);

    const cleared = await route.app.inject({
      method: 'PATCH',
      url: '/api/fridges/elm-st',
      headers: route.organiser,
      payload: { location: null, openingHours: null },
    });
    expect(cleared.json()).toMatchObject({ location: null, openingHours: null, openNow: null });
    // The name survived a change that did not name it.
    expect(cleared.json().name).toBe('Elm St fridge');
  });

  it.each([
    [{ location: { lat: 91, lon: 0 } }, /location\/lat/],
    [{ location: { lat: 0, lon: -180.5 } }, /location\/lon/],
    [{ location: { lat: 10 } }, /location.*lon/],
    [{ openingHours: { mo: [{ from: '8:00', to: '20:00' }] } }, /openingHours\/mo\/0\/from/],
    [{ openingHours: { xx: [] } }, /openingHours/],
    [{ openingHours: { sa: [{ from: '10:00', to: '10:00' }] } }, /openingHours\.sa\[0\]/],
  ])('refuses %j with a 400 naming the field, and changes nothing', async (change, field) => {
    await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: { ...elmStreet, location: { lat: 1, lon: 2 } },
    });
    const patched = await route.app.inject({
      method: 'PATCH',
      url: '/api/fridges/elm-st',
      headers: route.organiser,
      payload: change,
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.code).toBe('BAD_REQUEST');
    expect(patched.json().error.message).toMatch(field);
    const created = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: { ...elmStreet, id: 'oak-st', ...change },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.message).toMatch(field);
    const list = (await route.app.inject({ url: '/api/fridges' })).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ location: { lat: 1, lon: 2 }, openingHours: null });
  });

  it('keeps them across a restart of the catalogue (stored in SQLite)', async () => {
    await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: { ...elmStreet, location: { lat: -33.86, lon: 151.21 }, openingHours: tuesdayMorning },
    });
    route.catalog.stop();
    route.catalog.start();
    expect(route.catalog.status('elm-st')).toMatchObject({
      location: { lat: -33.86, lon: 151.21 },
      openingHours: tuesdayMorning,
    });
  });
});
