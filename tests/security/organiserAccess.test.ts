import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureFactory } from '../../server/featureModule';
import { followFeature } from '../../server/features/follow';
import { openDataFeature } from '../../server/features/openData';
import { reportsFeature } from '../../server/features/reports';
import { stockEstimationFeature } from '../../server/features/stockEstimationModule';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, elmStreet, startTestSystem, tempDataDir } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 10:00 UTC. */
const TEN_IN_THE_MORNING = Date.UTC(2026, 11, 1, 10, 0);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  method: Method;
  path: string;
  parameters?: Array<{ in: string; name: string; schema?: { pattern?: string } }>;
  security?: Array<Record<string, string[]>>;
}

/** A value that passes the path parameter's schema, so only the token can be the reason for a refusal. */
function plausible(name: string, pattern: string | undefined): string {
  if (pattern?.startsWith('^r-')) return 'r-0123456789ab';
  if (pattern?.startsWith('^n-')) return 'n-0123456789abcdef';
  if (pattern?.startsWith('^p-')) return 'p-0123456789ab';
  if (name === 'shelfId') return 's1';
  if (name === 'token') return 'a'.repeat(40);
  return 'elm-st';
}

function urlOf(operation: Operation): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    return plausible(name, parameter?.schema?.pattern);
  });
}

/** Needs the token: every alternative of its `security` names a scheme (`{}` would make it optional). */
const needsOrganiserToken = (operation: Operation) =>
  (operation.security ?? []).length > 0 && (operation.security ?? []).every((r) => Object.keys(r).length > 0);

const UNAUTHORIZED = { error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/organiser token/) } };

describe('organiser routes', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: RestockSystem;
  let operations: Operation[];

  beforeAll(async () => {
    data = tempDataDir();
    // Every module that brings organiser routes; a high limit, so this test meets 401s, not 429s.
    system = await startRestockSystem(
      data.dir,
      { rateLimitOrganiserPerMinute: 10_000 },
      {
        clock: new TestClock(TEN_IN_THE_MORNING),
        before: [stockEstimationFeature, reportsFeature, followFeature, openDataFeature],
      },
    );
    await system.createFridge(elmStreet);
    const doc = (await system.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Partial<Record<Method, Omit<Operation, 'method' | 'path'>>>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const operation = item[method];
        return operation ? [{ ...operation, method, path }] : [];
      }),
    );
  });
  afterAll(async () => {
    await system.stop();
    data.remove();
  });

  it('refuse every caller without the exact token with 401 and the error shape, before reading the body', async () => {
    const guarded = operations.filter(needsOrganiserToken);
    // Not vacuous: fridges, devices, shelves, restock requests and settings, volunteers, notices.
    expect(guarded.length).toBeGreaterThan(20);
    const credentials: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer not-the-organiser-token' },
      { authorization: `bearer ${ADMIN_TOKEN.toUpperCase()}` },
      { authorization: `Bearer ${ADMIN_TOKEN.replace(/[a-z]/, (c) => c.toUpperCase())}` },
    ];
    const bodies = [
      { headers: {}, payload: undefined },
      { headers: { 'content-type': 'application/json' }, payload: '{}' },
      // Would be 400 if the body were parsed before the token is checked.
      { headers: { 'content-type': 'application/json' }, payload: '{' },
    ];
    let checked = 0;
    for (const operation of guarded) {
      for (const credential of credentials) {
        for (const body of bodies) {
          const res = await system.app.inject({
            method: operation.method.toUpperCase() as 'GET',
            url: urlOf(operation),
            headers: { ...credential, ...body.headers },
            ...(body.payload === undefined ? {} : { payload: body.payload }),
          });
          const label = `${operation.method} ${operation.path} ${JSON.stringify(credential)} ${body.payload}`;
          expect(res.statusCode, label).toBe(401);
          expect(res.json(), label).toEqual(UNAUTHORIZED);
          checked++;
        }
      }
    }
    expect(checked).toBe(guarded.length * credentials.length * bodies.length);
    // The HEAD routes fastify adds for each GET inherit its access.
    const guardedReads = guarded.filter((o) => o.method === 'get');
    expect(guardedReads.length).toBeGreaterThan(3);
    for (const operation of guardedReads) {
      const res = await system.app.inject({ method: 'HEAD', url: urlOf(operation) });
      expect(res.statusCode, `HEAD ${operation.path}`).toBe(401);
    }
    // Nothing behind them ran.
    const fridges = await system.app.inject({ url: '/api/fridges' });
    expect(fridges.json().map((f: { id: string }) => f.id)).toEqual(['elm-st']);
    const volunteers = await system.app.inject({
      url: '/api/volunteers',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(volunteers.json()).toEqual([]);
  });

  it('documents the routes where the token is optional as such, and they answer without one', async () => {
    const optional = operations.filter(
      (o) => (o.security ?? []).some((r) => Object.keys(r).length === 0) && !needsOrganiserToken(o),
    );
    expect(optional.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['get /api/restock-requests', 'get /api/fridges/{id}/restock-history']),
    );
    for (const operation of optional) {
      const res = await system.app.inject({ url: urlOf(operation) });
      expect([200, 404], `${operation.method} ${operation.path}`).toContain(res.statusCode);
    }
  });
});

describe('organiser access declared per route', () => {
  it('counts a wrong token on a route where the token is optional against the organiser limit', async () => {
    const data = tempDataDir();
    const system = await startRestockSystem(
      data.dir,
      { rateLimitOrganiserPerMinute: 3 },
      { clock: new TestClock(TEN_IN_THE_MORNING) },
    );
    try {
      const remoteAddress = '203.0.113.9';
      const guess = { authorization: 'Bearer guess-guess-guess' };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await system.app.inject({ url: '/api/restock-requests', headers: guess, remoteAddress });
        statuses.push(res.statusCode);
      }
      // A wrong token shows the public view, three times; the fourth guess is refused.
      expect(statuses).toEqual([200, 200, 200, 429]);
      // The same address now gets no more tries on an organiser route either.
      const organiser = await system.app.inject({ url: '/api/volunteers', headers: guess, remoteAddress });
      expect(organiser.statusCode).toBe(429);
      // Without a token it is just the public, which this limit does not count.
      for (let i = 0; i < 5; i++) {
        const res = await system.app.inject({ url: '/api/restock-requests', remoteAddress });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await system.stop();
      data.remove();
    }
  });

  it('refuses to start with a route that declares no access', async () => {
    const data = tempDataDir();
    const forgetful: FeatureFactory = () => ({
      name: 'forgetful',
      start() {},
      stop() {},
      routes: async (app) => {
        app.post('/api/forgotten', async () => ({ ok: true }));
      },
    });
    try {
      await expect(startTestSystem(data.dir, {}, { features: [forgetful] })).rejects.toThrow(
        /POST \/api\/forgotten declares no access/,
      );
    } finally {
      data.remove();
    }
  });
});
