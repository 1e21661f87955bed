import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotificationsFeature } from '../../../server/features/notifications';
import { type RestockModule, restockFeature } from '../../../server/features/restock';
import { claimToken } from '../../../server/features/restock/restockNotices';
import { buildRouteApp, type RouteApp } from '../../helpers/routeApp';
import { TEST_START_MS } from '../../helpers/testSystem';

const elmStreet = {
  id: 'elm-st',
  name: 'Elm St fridge',
  kind: 'fridge' as const,
  shelves: [
    { id: 's1', tareKg: 2, capacityKg: 20 },
    { id: 's2', tareKg: 2, capacityKg: 20 },
  ],
};

describe('fridge routes over an in-memory database', () => {
  let route: RouteApp;
  beforeEach(async () => {
    route = await buildRouteApp();
  });
  afterEach(async () => {
    await route.close();
  });

  it('refuses a change without the organiser token before reading the body, and changes nothing', async () => {
    const res = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHORIZED');
    expect((await route.app.inject({ url: '/api/fridges' })).json()).toEqual([]);
  });

  it('creates a fridge for an organiser, then anyone reads it; an unknown one is 404 in the error shape', async () => {
    const created = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: elmStreet,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'elm-st', stock: { capacityKg: 40 } });
    expect((await route.app.inject({ url: '/api/fridges/elm-st' })).json().name).toBe('Elm St fridge');
    const missing = await route.app.inject({ url: '/api/fridges/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'FRIDGE_NOT_FOUND', message: 'no fridge with id "nowhere"' },
    });
  });

  it.each([
    [{ ...elmStreet, id: 'Elm St' }, /id/],
    [{ ...elmStreet, id: 'x1', kind: 'freezer' }, /kind/],
    [{ ...elmStreet, id: 'x2', shelves: [{ id: 's1', tareKg: -1, capacityKg: 20 }] }, /tareKg/],
    [{ ...elmStreet, id: 'x3', shelves: [{ id: 's1', tareKg: 1, capacityKg: 0 }] }, /capacityKg/],
    [{ ...elmStreet, id: 'x4', colour: 'red' }, /additional/],
    [{ id: 'x5', kind: 'fridge', shelves: [] }, /name/],
    [{ ...elmStreet, id: 'x6', shelves: [elmStreet.shelves[0], elmStreet.shelves[0]] }, /shelves\/1\/id/],
    [
      {
        ...elmStreet,
        id: 'x7',
        levels: { emptyBelowPercent: 50, fewBelowPercent: 20, manyBelowPercent: 80 },
      },
      /levels/,
    ],
  ])('refuses a bad fridge with 400 naming the field (%#)', async (payload, field) => {
    const res = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.json().error.message).toMatch(field);
    const id = (payload as { id: string }).id;
    expect((await route.app.inject({ url: `/api/fridges/${encodeURIComponent(id)}` })).statusCode).not.toBe(
      200,
    );
  });

  it('refuses malformed JSON and oversized bodies', async () => {
    const broken = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: { ...route.organiser, 'content-type': 'application/json' },
      payload: '{"id": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('BAD_REQUEST');
    const huge = await route.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: route.organiser,
      payload: { ...elmStreet, id: 'huge', name: 'x'.repeat(100_000) },
    });
    expect(huge.statusCode).toBe(413);
  });

  it('documents the access of each route and its refusals in the OpenAPI document', async () => {
    const doc = (await route.app.inject({ url: '/api/openapi.json' })).json();
    const one = doc.paths['/api/fridges/{id}'];
    expect(one.get.security).toBeUndefined();
    expect(Object.keys(one.get.responses)).toEqual(['200', '404']);
    expect(one.patch.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(one.patch.responses)).toEqual(['200', '400', '401', '404', '409']);
  });
});

describe('restock routes over an in-memory database', () => {
  let route: RouteApp;
  beforeEach(async () => {
    route = await buildRouteApp({
      features: [createNotificationsFeature({ autoDeliver: false }), restockFeature],
    });
    route.admin.createFridge(elmStreet);
  });
  afterEach(async () => {
    await route.close();
  });

  it('raises a request by hand for a known fridge only, and anyone sees it in the list', async () => {
    const unknown = await route.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: route.organiser,
      payload: { fridgeId: 'nowhere' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('FRIDGE_NOT_FOUND');
    const raised = await route.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: route.organiser,
      payload: { fridgeId: 'elm-st' },
    });
    expect(raised.statusCode).toBe(201);
    expect(raised.json()).toMatchObject({ fridgeId: 'elm-st', fridgeName: 'Elm St fridge', status: 'open' });
    const list = await route.app.inject({ url: '/api/restock-requests' });
    expect(list.json().map((r: { id: string }) => r.id)).toEqual([raised.json().id]);
    const history = await route.app.inject({ url: '/api/fridges/nowhere/restock-history' });
    expect(history.statusCode).toBe(404);
  });

  it('shows a claim page for a good link and a page that changes nothing for an expired one', async () => {
    const volunteer = await route.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: route.organiser,
      payload: { id: 'ana', name: 'Ana', channels: [] },
    });
    expect(volunteer.statusCode).toBe(201);
    const { feature } = route.module<RestockModule>('restock');
    const raised = feature.raise('elm-st');
    if (!raised.ok) throw new Error('the request was not raised');
    const links = feature.notifications.links;
    const good = await route.app.inject({
      url: `/claim/${claimToken(links, raised.request.id, 'ana', TEST_START_MS + 3_600_000)}`,
    });
    expect(good.statusCode).toBe(200);
    expect(good.headers['cache-control']).toBe('no-store');
    expect(good.body).toContain('Elm St fridge needs restocking');
    expect(good.body).toContain("I'll restock it");
    const expired = await route.app.inject({
      url: `/claim/${claimToken(links, raised.request.id, 'ana', TEST_START_MS - 1)}`,
    });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(expired.body).toContain('Nothing was changed.');
    expect(feature.request(raised.request.id)?.status).toBe('open');
  });
});
