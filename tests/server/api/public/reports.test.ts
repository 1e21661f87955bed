import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotificationsFeature,
  type NotificationsModule,
} from '../../../../server/features/notifications';
import { type ReportsModule, reportsFeature } from '../../../../server/features/reports';
import { buildRouteApp, type RouteApp } from '../../../helpers/routeApp';
import { TestClock } from '../../../helpers/testClock';
import { TEST_START_MS } from '../../../helpers/testSystem';

const HOUR_MS = 3_600_000;
const elmStreet = { id: 'elm-st', name: 'Elm St fridge', kind: 'fridge' as const, shelves: [] };

describe('problem reports from neighbours', () => {
  let route: RouteApp;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(TEST_START_MS);
    route = await buildRouteApp({
      clock,
      features: [createNotificationsFeature({ autoDeliver: false }), reportsFeature],
      config: { rateLimitClaimPerMinute: 3 },
    });
    for (const fridge of [elmStreet, { ...elmStreet, id: 'oak-st', name: 'Oak St fridge' }]) {
      await route.app.inject({
        method: 'POST',
        url: '/api/fridges',
        headers: route.organiser,
        payload: fridge,
      });
    }
    for (const [id, role, fridgeIds] of [
      ['olga', 'organiser', []],
      ['vic', 'volunteer', ['elm-st']],
      ['far', 'volunteer', ['oak-st']],
    ] as const) {
      const res = await route.app.inject({
        method: 'POST',
        url: '/api/volunteers',
        headers: route.organiser,
        payload: {
          id,
          name: id,
          role,
          fridgeIds,
          channels: [{ type: 'webhook', url: 'https://hooks.example.org/x', format: 'json' }],
          notices: { restock: true, foodSafety: true, deviceHealth: false },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterEach(async () => {
    await route.close();
  });

  const report = (payload: object, remoteAddress = '198.51.100.7') =>
    route.app.inject({ method: 'POST', url: '/api/fridges/elm-st/reports', payload, remoteAddress });

  it('takes a report without a token, shows it on the public status, and queues it for organisers', async () => {
    const res = await report({ kind: 'brokenDoor' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ kind: 'brokenDoor', receivedAt: '2026-12-01T10:00:00.000Z' });
    clock.advance(2 * HOUR_MS);
    await report({ kind: 'brokenDoor', text: 'hinge loose' }, '198.51.100.8');
    const status = (await route.app.inject({ url: '/api/fridges/elm-st' })).json();
    expect(status.reports).toEqual([{ kind: 'brokenDoor', since: '2026-12-01T10:00:00.000Z', count: 2 }]);

    const queue = await route.app.inject({ url: '/api/reports?status=open', headers: route.organiser });
    expect(queue.json()).toMatchObject([
      {
        fridgeId: 'elm-st',
        fridgeName: 'Elm St fridge',
        kind: 'brokenDoor',
        text: 'hinge loose',
        status: 'open',
      },
      { kind: 'brokenDoor', text: null, status: 'open', resolvedAt: null },
    ]);
    // One notice for the problem, not one per report: to the organiser (whatever she chose) only;
    // the fridge's own volunteer did not choose device notices, the other fridge's is not asked.
    const { service } = route.module<NotificationsModule>('notifications');
    const notices = service.outbox.notices({ fridgeId: 'elm-st', limit: 10 });
    expect(notices.map((n) => [n.kind, n.title])).toEqual([
      ['report.brokenDoor', 'Reported at Elm St fridge: door broken'],
    ]);
    expect(service.outbox.deliveriesOf(notices[0]?.id ?? '').map((d) => d.volunteerId)).toEqual(['olga']);
  });

  it('tells the fridge volunteer who chose food safety of "not cold", with the text', async () => {
    await report({ kind: 'notCold', text: 'milk feels warm' });
    const { service } = route.module<NotificationsModule>('notifications');
    const [notice] = service.outbox.notices({ fridgeId: 'elm-st', limit: 10 });
    const deliveries = service.outbox.deliveriesOf(notice?.id ?? '');
    expect(deliveries.map((d) => d.volunteerId).sort()).toEqual(['olga', 'vic']);
    expect(JSON.stringify(deliveries[0]?.message)).toContain('milk feels warm');
  });

  it('shows a report until an organiser resolves it; resolving one resolves its kind', async () => {
    await report({ kind: 'dirty' });
    await report({ kind: 'dirty' }, '198.51.100.9');
    await report({ kind: 'other', text: 'no shelf light' }, '198.51.100.10');
    const queue = (await route.app.inject({ url: '/api/reports', headers: route.organiser })).json();
    const dirty = queue.find((r: { kind: string }) => r.kind === 'dirty');
    clock.advance(HOUR_MS);
    const resolved = await route.app.inject({
      method: 'POST',
      url: `/api/reports/${dirty.id}/resolve`,
      headers: route.organiser,
    });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedAt: '2026-12-01T11:00:00.000Z' });
    const status = (await route.app.inject({ url: '/api/fridges/elm-st' })).json();
    expect(status.reports).toEqual([{ kind: 'other', since: '2026-12-01T10:00:00.000Z', count: 1 }]);
    const open = (
      await route.app.inject({ url: '/api/reports?status=open', headers: route.organiser })
    ).json();
    expect(open.map((r: { kind: string }) => r.kind)).toEqual(['other']);
    const all = (await route.app.inject({ url: '/api/reports?status=all', headers: route.organiser })).json();
    expect(all).toHaveLength(3);
    // Reports survive a restart of the module: they are in SQLite.
    const { feature } = route.module<ReportsModule>('reports');
    feature.stop();
    feature.start();
    expect(route.catalog.status('elm-st')?.reports).toEqual([
      { kind: 'other', since: '2026-12-01T10:00:00.000Z', count: 1 },
    ]);
    const missing = await route.app.inject({
      method: 'POST',
      url: '/api/reports/p-0123456789ab/resolve',
      headers: route.organiser,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('REPORT_NOT_FOUND');
  });

  it.each([
    [{ kind: 'on fire' }, /kind/],
    [{ kind: 'other' }, /^text:/],
    [{ kind: 'other', text: '   ' }, /^text:/],
    [{ kind: 'dirty', text: 'x'.repeat(281) }, /text/],
    [{ kind: 'dirty', reporter: 'me' }, /additional/],
  ])('refuses %j with a 400 naming the field and stores nothing', async (payload, field) => {
    const res = await report(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(field);
    expect(
      (await route.app.inject({ url: '/api/reports?status=all', headers: route.organiser })).json(),
    ).toEqual([]);
  });

  it('answers 404 for an unknown fridge and limits reports per address', async () => {
    const unknown = await route.app.inject({
      method: 'POST',
      url: '/api/fridges/nowhere/reports',
      payload: { kind: 'dirty' },
    });
    expect(unknown.statusCode).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await report({ kind: 'dirty' }, '203.0.113.5')).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await report({ kind: 'dirty' }, '203.0.113.6')).statusCode).toBe(201);
  });

  it('keeps the queue and resolving to organisers', async () => {
    expect((await route.app.inject({ url: '/api/reports' })).statusCode).toBe(401);
    expect(
      (await route.app.inject({ method: 'POST', url: '/api/reports/p-0123456789ab/resolve' })).statusCode,
    ).toBe(401);
  });
});
