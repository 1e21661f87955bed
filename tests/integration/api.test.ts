import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('HTTP API', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
  });
  afterAll(async () => {
    await system.stop();
    data.remove();
  });

  it('reports health with broker and storage checks', async () => {
    const res = await system.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      demo: false,
      broker: { ok: true, mode: 'embedded' },
      storage: { ok: true },
    });
  });

  it('needs the organiser token to change anything', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: ADMIN_TOKEN }]) {
      const res = await system.app.inject({
        method: 'POST',
        url: '/api/fridges',
        headers,
        payload: elmStreet,
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
    }
    expect((await system.app.inject({ url: '/api/fridges' })).json()).toEqual([]);
  });

  it('creates a fridge (201), refuses the same id again (409), and lists it', async () => {
    const created = await system.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: auth,
      payload: elmStreet,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'elm-st',
      name: 'Elm St fridge',
      kind: 'fridge',
      online: false,
      lastSeen: null,
      stock: { kg: null, percent: null, level: null, asOf: null, capacityKg: 40 },
      temperature: { celsius: null, asOf: null },
      door: { open: null, since: null },
    });
    const again = await system.app.inject({
      method: 'POST',
      url: '/api/fridges',
      headers: auth,
      payload: elmStreet,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('FRIDGE_EXISTS');
    const list = await system.app.inject({ url: '/api/fridges' });
    expect(list.json().map((f: { id: string }) => f.id)).toEqual(['elm-st']);
  });

  it('answers 404 with the error shape for an unknown fridge', async () => {
    const res = await system.app.inject({ url: '/api/fridges/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'FRIDGE_NOT_FOUND', message: 'no fridge with id "nowhere"' },
    });
  });

  it('changes a fridge with PATCH and applies per-fridge levels', async () => {
    const res = await system.app.inject({
      method: 'PATCH',
      url: '/api/fridges/elm-st',
      headers: auth,
      payload: {
        name: 'Elm Street fridge',
        levels: { emptyBelowPercent: 5, fewBelowPercent: 30, manyBelowPercent: 70 },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Elm Street fridge', levels: { fewBelowPercent: 30 } });
    const empty = await system.app.inject({
      method: 'PATCH',
      url: '/api/fridges/elm-st',
      headers: auth,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const unknown = await system.app.inject({
      method: 'PATCH',
      url: '/api/fridges/nope',
      headers: auth,
      payload: { name: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('registers a device once with its password, never again', async () => {
    const res = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/devices',
      headers: auth,
      payload: {},
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.deviceId).toMatch(/^elm-st-[0-9a-f]{6}$/);
    expect(body.username).toBe(body.deviceId);
    expect(body.password.length).toBeGreaterThanOrEqual(20);
    expect(body.mqttUrl).toMatch(/^mqtt:\/\/localhost:\d+$/);
    expect(body.topics).toEqual({
      door: 'fridges/elm-st/door',
      temperature: 'fridges/elm-st/temperature',
      shelves: { s1: 'fridges/elm-st/shelves/s1/weight', s2: 'fridges/elm-st/shelves/s2/weight' },
      status: `fridges/elm-st/devices/${body.deviceId}/status`,
    });
    const status = await system.app.inject({ url: '/api/fridges/elm-st' });
    expect(JSON.stringify(status.json())).not.toContain(body.password);
    const twice = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/devices',
      headers: auth,
      payload: { deviceId: body.deviceId },
    });
    expect(twice.statusCode).toBe(409);
    const unknownFridge = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/nope/devices',
      headers: auth,
      payload: {},
    });
    expect(unknownFridge.statusCode).toBe(404);
    const unknownDevice = await system.app.inject({
      method: 'DELETE',
      url: '/api/devices/nope',
      headers: auth,
    });
    expect(unknownDevice.statusCode).toBe(404);
    expect(unknownDevice.json().error.code).toBe('DEVICE_NOT_FOUND');
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const res = await system.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/fridges',
        '/api/fridges/{id}',
        '/api/fridges/{id}/devices',
        '/api/devices/{id}',
      ]),
    );
    expect(doc.paths['/api/fridges'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['id', 'name', 'kind', 'shelves']),
    );
  });

  it('answers unknown API routes with the error shape', async () => {
    const res = await system.app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('streams a fridge change as a Server-Sent Event', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get(`${system.httpUrl}/api/events`, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const match = /event: fridge\ndata: (.*)\n\n/.exec(buffer);
          if (match?.[1]) {
            req.destroy();
            resolve(match[1]);
          }
        });
        // Once the stream is open, an organiser's change must arrive on it.
        system.app
          .inject({
            method: 'PATCH',
            url: '/api/fridges/elm-st',
            headers: auth,
            payload: { address: '12 Elm St' },
          })
          .catch(reject);
      });
      req.on('error', reject);
    });
    expect(JSON.parse(await received)).toMatchObject({ id: 'elm-st', address: '12 Elm St' });
  });

  it('removes a fridge and its devices', async () => {
    const res = await system.app.inject({ method: 'DELETE', url: '/api/fridges/elm-st', headers: auth });
    expect(res.statusCode).toBe(204);
    expect((await system.app.inject({ url: '/api/fridges/elm-st' })).statusCode).toBe(404);
    expect(
      (await system.app.inject({ method: 'DELETE', url: '/api/fridges/elm-st', headers: auth })).statusCode,
    ).toBe(404);
  });
});
