import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRouteApp, type RouteApp } from '../../../helpers/routeApp';

const elmStreet = { id: 'elm-st', name: 'Elm St fridge', kind: 'fridge' as const, shelves: [] };

describe('a fridge needs list', () => {
  let route: RouteApp;
  beforeEach(async () => {
    route = await buildRouteApp();
    await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: elmStreet,
    });
  });
  afterEach(async () => {
    await route.close();
  });

  const setNeeds = (payload: unknown, headers: Record<string, string> = route.organiser) =>
    route.app.inject({
      method: 'PUT',
      url: '/api/fridges/elm-st/needs',
      headers,
      payload: payload as object,
    });

  it('is set by an organiser, in the catalogue order, and shown on the public status', async () => {
    const res = await setNeeds({
      categories: ['babyFood', 'produce', 'bread'],
      note: '  No opened jars, please ',
    });
    expect(res.statusCode).toBe(200);
    const needs = {
      categories: ['produce', 'bread', 'babyFood'],
      note: 'No opened jars, please',
      updatedAt: '2026-12-01T10:00:00.000Z',
    };
    expect(res.json().needs).toEqual(needs);
    expect((await route.app.inject({ url: '/api/fridges/elm-st' })).json().needs).toEqual(needs);
    // Replaced, not merged; an empty note is no note.
    await setNeeds({ categories: [], note: ' ' });
    expect((await route.app.inject({ url: '/api/fridges' })).json()[0].needs).toMatchObject({
      categories: [],
      note: null,
    });
    // Stored: a catalogue restart reads them back.
    await setNeeds({ categories: ['hygiene'] });
    route.catalog.stop();
    route.catalog.start();
    expect(route.catalog.status('elm-st')?.needs.categories).toEqual(['hygiene']);
  });

  it.each([
    [{ categories: ['caviar'] }, /categories\/0/],
    [{ categories: ['bread', 'bread'] }, /categories/],
    [{ categories: ['bread'], note: 'x'.repeat(201) }, /note/],
    [{ note: 'hi' }, /categories/],
  ])('refuses %j with a 400 naming the field, changing nothing', async (payload, field) => {
    await setNeeds({ categories: ['dairy'] });
    const res = await setNeeds(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(field);
    expect(route.catalog.status('elm-st')?.needs.categories).toEqual(['dairy']);
  });

  it('is the organisers’ to set: no token, 401; unknown fridge, 404', async () => {
    expect((await setNeeds({ categories: ['bread'] }, {})).statusCode).toBe(401);
    const missing = await route.app.inject({
      method: 'PUT',
      url: '/api/fridges/nowhere/needs',
      headers: route.organiser,
      payload: { categories: [] },
    });
    expect(missing.statusCode).toBe(404);
  });
});
