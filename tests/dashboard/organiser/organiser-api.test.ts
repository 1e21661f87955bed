import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../../dashboard/src/api';
import { createOrganiserApi } from '../../../dashboard/src/organiser/organiser-api';
import { makeFridge, makeRequest } from '../fixtures';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that answers each "METHOD path" from a table and records what was sent. */
function fakeServer(routes: Record<string, { status: number; body?: unknown }>) {
  const calls: Call[] = [];
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    calls.push({
      url: input,
      method,
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const route = routes[`${method} ${input}`];
    if (route === undefined)
      return new Response('{"error":{"code":"ROUTE_NOT_FOUND","message":"no route"}}', { status: 404 });
    const text = route.body === undefined ? null : JSON.stringify(route.body);
    return new Response(text, { status: route.status });
  };
  return { fetch, calls };
}

const TOKEN = 'organiser-token-0123456789';

function setup(routes: Record<string, { status: number; body?: unknown }>, token: string | null = TOKEN) {
  const server = fakeServer(routes);
  const refusals: string[] = [];
  const api = createOrganiserApi({
    token: () => token,
    onUnauthorized: (message) => refusals.push(message),
    fetch: server.fetch,
  });
  return { api, refusals, calls: server.calls };
}

describe('createOrganiserApi', () => {
  it('sends the token as a bearer token, and JSON only with a body', async () => {
    const fridge = makeFridge({ id: 'oak' });
    const t = setup({
      'POST /api/fridges': { status: 201, body: fridge },
      'POST /api/restock-requests/r-1/cancel': { status: 200, body: makeRequest({ status: 'cancelled' }) },
    });
    const body = { id: 'oak', name: 'Oak', kind: 'fridge' as const, shelves: [] };
    expect(await t.api.createFridge(body)).toEqual(fridge);
    await t.api.cancelRequest('r-1');
    const [create, cancel] = t.calls;
    expect(create?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(create?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(create?.body ?? '')).toEqual(body);
    // Fastify refuses an empty body that says it is JSON.
    expect(cancel?.headers['content-type']).toBeUndefined();
    expect(cancel?.body).toBeUndefined();
    expect(cancel?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('signs the organiser out on a 401 and passes on the message', async () => {
    const t = setup({
      'GET /api/volunteers': {
        status: 401,
        body: { error: { code: 'UNAUTHORIZED', message: 'this needs the organiser token' } },
      },
    });
    const check = t.api.checkToken();
    await expect(check).rejects.toBeInstanceOf(ApiRequestError);
    await expect(check).rejects.toMatchObject({ status: 401 });
    expect(t.refusals).toEqual(['this needs the organiser token']);
  });

  it('asks for a token without calling the server when there is none', async () => {
    const t = setup({}, null);
    await expect(t.api.volunteers()).rejects.toMatchObject({ status: 401 });
    expect(t.calls).toHaveLength(0);
    expect(t.refusals).toHaveLength(1);
  });

  it('passes on the server message and code of any other refusal, without signing out', async () => {
    const t = setup({
      'POST /api/fridges': {
        status: 409,
        body: { error: { code: 'FRIDGE_EXISTS', message: 'a fridge with id "oak" exists' } },
      },
    });
    const create = t.api.createFridge({ id: 'oak', name: 'Oak', kind: 'fridge', shelves: [] });
    await expect(create).rejects.toMatchObject({
      status: 409,
      code: 'FRIDGE_EXISTS',
      message: 'a fridge with id "oak" exists',
    });
    expect(t.refusals).toEqual([]);
  });

  it('takes a 204 with no body as done', async () => {
    const t = setup({
      'DELETE /api/fridges/oak': { status: 204 },
      'DELETE /api/devices/oak-sensor': { status: 204 },
      'DELETE /api/volunteers/ana': { status: 204 },
    });
    await t.api.deleteFridge('oak');
    await t.api.revokeDevice('oak-sensor');
    await t.api.deleteVolunteer('ana');
    expect(t.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'DELETE /api/fridges/oak',
      'DELETE /api/devices/oak-sensor',
      'DELETE /api/volunteers/ana',
    ]);
  });

  it('registers a device with or without a chosen id, and refuses an answer without a password', async () => {
    const registration = {
      deviceId: 'oak-sensor',
      username: 'oak-sensor',
      password: 'secret-secret-secret',
      mqttUrl: 'mqtt://fridges.local:1883',
      topics: { door: 'fridges/oak/door', temperature: 'fridges/oak/temperature', shelves: {}, status: 's' },
    };
    const t = setup({ 'POST /api/fridges/oak/devices': { status: 201, body: registration } });
    expect(await t.api.registerDevice('oak', 'oak-sensor')).toEqual(registration);
    await t.api.registerDevice('oak');
    expect(t.calls.map((c) => c.body)).toEqual(['{"deviceId":"oak-sensor"}', '{}']);

    const broken = setup({ 'POST /api/fridges/oak/devices': { status: 201, body: { deviceId: 'x' } } });
    await expect(broken.api.registerDevice('oak')).rejects.toThrow(/cannot read/);
  });

  it('claims with an optional ETA, and filters the delivery log', async () => {
    const t = setup({
      'POST /api/restock-requests/r-1/claim': { status: 200, body: makeRequest() },
      'GET /api/notices?fridge=oak&limit=50': {
        status: 200,
        body: [{ id: 'n-1', deliveries: [] }, { id: 3 }],
      },
      'GET /api/notices': { status: 200, body: [] },
    });
    await t.api.claimRequest('r-1', 'ana');
    await t.api.claimRequest('r-1', 'ana', 30);
    expect(t.calls.map((c) => c.body)).toEqual([
      '{"volunteerId":"ana"}',
      '{"volunteerId":"ana","etaMinutes":30}',
    ]);
    expect(await t.api.notices({ fridge: 'oak', limit: 50 })).toEqual([{ id: 'n-1', deliveries: [] }]);
    expect(await t.api.notices()).toEqual([]);
  });

  it('escapes ids in paths', async () => {
    const t = setup({});
    await t.api.volunteer('a/b').catch(() => undefined);
    expect(t.calls[0]?.url).toBe('/api/volunteers/a%2Fb');
  });

  it('reads open alerts and acknowledges one with who and what was done', async () => {
    const alert = { id: 'al-0123456789ab', summary: 'Elm St fridge: fridge too warm for 40 min' };
    const t = setup({
      'GET /api/alerts?status=open&limit=50': { status: 200, body: [alert, { nonsense: true }] },
      'POST /api/alerts/al-0123456789ab/acknowledge': {
        status: 200,
        body: { ...alert, status: 'acknowledged' },
      },
    });
    expect(await t.api.alerts('open')).toEqual([alert]);
    await t.api.acknowledgeAlert(alert.id, 'Ana', 'moved the dairy');
    expect(JSON.parse(t.calls[1]?.body ?? '')).toEqual({ by: 'Ana', note: 'moved the dairy' });
  });
});
