import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { provisionFridges } from '../../firmware-sim/provisioning';

interface Call {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** A stand-in for the server's API on a free port. */
async function fakeApi(respond: (call: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const call = {
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const { status, body } = respond(call);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What `POST /api/fridges/{id}/devices` answers. */
const registered = (n: number) => ({
  deviceId: `sim-${n}-d`,
  username: `sim-${n}-d`,
  password: 'pw',
  mqttUrl: 'mqtt://broker:1883',
  topics: {},
});

describe('provisioning through the server API', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('creates missing fridges, keeps existing ones, and registers a device for each', async () => {
    const api = await fakeApi(({ method, url, body }) => {
      if (method === 'POST' && url === '/api/fridges') {
        const exists = (body as { id?: string }).id === 'sim-1';
        return exists
          ? { status: 409, body: { error: { code: 'FRIDGE_EXISTS', message: 'sim-1 exists' } } }
          : { status: 201, body: {} };
      }
      if (method === 'GET' && url === '/api/fridges/sim-1')
        return {
          status: 200,
          body: { kind: 'pantry', shelves: [{ id: 'top', tareKg: 1, capacityKg: 10, kg: null }] },
        };
      const registration = /^\/api\/fridges\/sim-(\d)\/devices$/.exec(url);
      if (method === 'POST' && registration)
        return { status: 201, body: registered(Number(registration[1])) };
      return { status: 404, body: {} };
    });
    close = api.close;
    const fridges = await provisionFridges({
      apiUrl: `${api.apiUrl}/`,
      adminToken: 'admin-token-123',
      count: 2,
    });
    const credentials = (n: number) => ({
      deviceId: `sim-${n}-d`,
      username: `sim-${n}-d`,
      password: 'pw',
      mqttUrl: 'mqtt://broker:1883',
    });
    const defaultShelves = ['s1', 's2', 's3'].map((id) => ({ id, tareKg: 2, capacityKg: 20 }));
    expect(fridges).toEqual([
      {
        fridgeId: 'sim-1',
        kind: 'pantry',
        shelves: [{ id: 'top', tareKg: 1, capacityKg: 10 }],
        device: credentials(1),
      },
      { fridgeId: 'sim-2', kind: 'fridge', shelves: defaultShelves, device: credentials(2) },
    ]);
    const created = api.calls.filter((c) => c.method === 'POST' && c.url === '/api/fridges');
    expect(created[1]?.body).toEqual({
      id: 'sim-2',
      name: 'Simulated fridge 2',
      kind: 'fridge',
      shelves: defaultShelves,
    });
    expect(api.calls.every((c) => c.authorization === 'Bearer admin-token-123')).toBe(true);
  });

  it('reports the API error code and message', async () => {
    const api = await fakeApi(() => ({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED', message: 'bad admin token' } },
    }));
    close = api.close;
    await expect(provisionFridges({ apiUrl: api.apiUrl, adminToken: 'nope', count: 1 })).rejects.toThrow(
      'POST /api/fridges failed: 401 UNAUTHORIZED bad admin token',
    );
  });
});
