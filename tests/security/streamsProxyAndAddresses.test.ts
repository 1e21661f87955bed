import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

interface OpenStream {
  status: number;
  body: string;
  close(): void;
}

/**
 * Opens `/api/events` from a chosen loopback address and never reads past the headers, as a
 * phone that went to sleep would. A refused stream's body is read to the end.
 */
function openStream(
  url: string,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/api/events`, { localAddress, headers }, (res) => {
      const close = () => req.destroy();
      if (res.statusCode === 200) {
        res.pause();
        resolve({ status: 200, body: '', close });
        return;
      }
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, close }));
    });
    req.on('error', reject);
  });
}

describe('the live feed, proxies and addresses', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem | null = null;
  const streams: OpenStream[] = [];

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await system?.stop();
    system = null;
    data.remove();
  });

  async function start(overrides: Parameters<typeof startTestSystem>[1]): Promise<TestSystem> {
    data = tempDataDir();
    system = await startTestSystem(data.dir, overrides);
    return system;
  }

  it('caps live streams per address and in all, with a clear 503 in the one error shape', async () => {
    const site = await start({ sseMaxPerAddress: 2, sseMaxClients: 3 });
    for (let i = 0; i < 2; i++) streams.push(await openStream(site.httpUrl, '127.0.0.1'));
    expect(streams.map((s) => s.status)).toEqual([200, 200]);

    const thirdFromOneAddress = await openStream(site.httpUrl, '127.0.0.1');
    expect(thirdFromOneAddress.status).toBe(503);
    expect(JSON.parse(thirdFromOneAddress.body)).toEqual({
      error: {
        code: 'STREAM_LIMIT',
        message: 'too many live streams from one address (2 open); try again later',
      },
    });

    streams.push(await openStream(site.httpUrl, '127.0.0.2'));
    expect(streams.at(-1)?.status).toBe(200);
    const fourthInAll = await openStream(site.httpUrl, '127.0.0.3');
    expect(fourthInAll.status).toBe(503);
    expect(JSON.parse(fourthInAll.body).error.message).toBe(
      'the live feed is full (3 open streams); try again later',
    );

    // A closed stream frees its place.
    streams.shift()?.close();
    await expect
      .poll(async () => {
        const again = await openStream(site.httpUrl, '127.0.0.3');
        if (again.status === 200) streams.push(again);
        return again.status;
      })
      .toBe(200);
  });

  it('counts the peer address, not X-Forwarded-For, unless TRUST_PROXY names the proxy', async () => {
    const wrongToken = (forwardedFor: string) =>
      site.app.inject({
        method: 'POST',
        url: '/api/fridges',
        remoteAddress: '127.0.0.1',
        headers: { authorization: 'Bearer not-the-token-000000', 'x-forwarded-for': forwardedFor },
        payload: elmStreet,
      });
    let site = await start({ rateLimitOrganiserPerMinute: 2 });
    expect((await wrongToken('203.0.113.5')).statusCode).toBe(401);
    expect((await wrongToken('203.0.113.6')).statusCode).toBe(401);
    // Without TRUST_PROXY anyone could claim a fresh address per request: the header is ignored.
    expect((await wrongToken('203.0.113.7')).statusCode).toBe(429);
    await system?.stop();
    data.remove();

    site = await start({ rateLimitOrganiserPerMinute: 2, trustProxy: ['127.0.0.1'] });
    expect((await wrongToken('203.0.113.5')).statusCode).toBe(401);
    expect((await wrongToken('203.0.113.5')).statusCode).toBe(401);
    expect((await wrongToken('203.0.113.5')).statusCode).toBe(429);
    // Behind the named proxy, each client has its own count.
    expect((await wrongToken('203.0.113.6')).statusCode).toBe(401);
  });

  it('answers 414 and broken addresses in the one error shape, never echoing the path', async () => {
    const site = await start({});
    const longId = 'x'.repeat(300);
    const tooLong = await site.app.inject({ url: `/api/fridges/${longId}` });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.json()).toEqual({
      error: { code: 'URI_TOO_LONG', message: 'a part of the address is longer than 100 characters' },
    });
    expect(tooLong.body).not.toContain(longId);
    const broken = await site.app.inject({ url: '/api/fridges/%E0%A4%A' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'the address is not valid: check its %-encoding' },
    });
  });

  it('never writes a forged Host header into a new device’s broker address', async () => {
    const site = await start({});
    await site.createFridge(elmStreet);
    const register = (host: string, deviceId: string) =>
      site.app.inject({
        method: 'POST',
        url: '/api/fridges/elm-st/devices',
        headers: { ...auth, host },
        payload: { deviceId },
      });
    const forged = (await register('broker.attacker.example:8080', 'elm-a')).json();
    expect(forged.mqttUrl).not.toContain('attacker');
    const genuine = (await register('127.0.0.1:8080', 'elm-b')).json();
    expect(genuine.mqttUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses volunteer webhooks on this machine or a private network unless the site allows them', async () => {
    const site = await start({});
    const addVolunteer = (url: string) =>
      site.app.inject({
        method: 'POST',
        url: '/api/volunteers',
        headers: auth,
        payload: {
          name: 'Ana',
          channels: [
            { type: 'email', address: 'a@example.org' },
            { type: 'webhook', url, format: 'json' },
          ],
        },
      });
    for (const url of [
      'http://127.0.0.1:9000/hook',
      'http://localhost/hook',
      'http://10.1.2.3/hook',
      'http://192.168.1.20/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
    ]) {
      const refused = await addVolunteer(url);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error.message, url).toMatch(
        /^channels\/1\/url: points at .*ALLOW_PRIVATE_WEBHOOKS=1/,
      );
    }
    expect((await addVolunteer('https://chat.example.org/hooks/abc')).statusCode).toBe(201);
    expect((await site.app.inject({ url: '/api/volunteers', headers: auth })).json()).toHaveLength(1);
    await system?.stop();
    data.remove();

    const allowing = await start({ allowPrivateWebhooks: true });
    const local = await allowing.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: {
        name: 'Bridge',
        channels: [{ type: 'webhook', url: 'http://127.0.0.1:9000/hook', format: 'json' }],
      },
    });
    expect(local.statusCode).toBe(201);
  });
});
