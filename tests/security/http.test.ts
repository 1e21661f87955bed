import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureFactory } from '../../server/featureModule';
import { ADMIN_TOKEN, elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const dashboardDir = join(process.cwd(), 'dashboard', 'dist');
const ALLOWED_ORIGIN = 'https://fridges.example.org';

/** Stands in for a feature module's routes (restock claims): one public write, one organiser route. */
const claimLikeModule: FeatureFactory = () => ({
  name: 'claim-like',
  start() {},
  stop() {},
  routes: async (app) => {
    app.get('/api/test-claims', { config: { access: 'public' } }, async () => ({ ok: true }));
    app.post('/api/test-claims', { config: { access: 'public' } }, async () => ({ claimed: true }));
    // A claim link opened from an e-mail: even its GET counts, each one checks a signed token.
    app.get('/claim/:token', { config: { access: 'signedLink' } }, async () => ({ shown: true }));
    app.post('/api/test-organiser-action', { config: { access: 'organiser' } }, async () => ({ ok: true }));
  },
});

/** Headers of a streaming response (SSE), read without waiting for its end. */
function streamHeaders(url: string, headers: Record<string, string>): Promise<http.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      resolve(res.headers);
      req.destroy();
    });
    req.on('error', reject);
  });
}

describe('HTTP hardening', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(
      data.dir,
      { corsOrigins: [ALLOWED_ORIGIN], rateLimitOrganiserPerMinute: 1000, rateLimitClaimPerMinute: 3 },
      { dashboardDir, features: [claimLikeModule] },
    );
    await system.createFridge(elmStreet);
  });
  afterAll(async () => {
    await system.stop();
    data.remove();
  });

  describe('security headers', () => {
    it('sends a CSP that allows only same-origin scripts, styles and API calls', async () => {
      const page = await system.app.inject({ url: '/' });
      expect(page.statusCode).toBe(200);
      const csp = String(page.headers['content-security-policy']);
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        'style-src': "'self'",
        // The map's tile server (MAP_TILE_URL, OpenStreetMap's by default) is the one addition.
        'img-src': "'self' data: https://tile.openstreetmap.org",
        'connect-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'self'",
      });
      // Plain HTTP: no HSTS, no upgrade of requests to a TLS port that is not there.
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(page.headers['strict-transport-security']).toBeUndefined();
      expect(page.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
      });
      const api = await system.app.inject({ url: '/api/fridges' });
      expect(api.headers['content-security-policy']).toBe(csp);
      expect(api.headers['x-content-type-options']).toBe('nosniff');
    });

    it('leaves the built dashboard loadable under that CSP: no inline script or style', () => {
      const html = readFileSync(join(dashboardDir, 'index.html'), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/\bsrc="\/assets\//);
        expect(body?.trim()).toBe('');
      }
      expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    });

    it('keeps the security headers on the Server-Sent Events stream', async () => {
      const headers = await streamHeaders(`${system.httpUrl}/api/events`, {});
      expect(headers['content-type']).toMatch(/text\/event-stream/);
      expect(headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('CORS', () => {
    it('lets any origin read public data (issue 11), and only configured origins the rest', async () => {
      for (const origin of [ALLOWED_ORIGIN, 'https://evil.example']) {
        const open = await system.app.inject({ url: '/api/fridges', headers: { origin } });
        expect(open.headers['access-control-allow-origin']).toBe('*');
        const stream = await streamHeaders(`${system.httpUrl}/api/events`, { origin });
        expect(stream['access-control-allow-origin']).toBe('*');
      }
      const organiser = (origin: string) =>
        system.app.inject({
          url: '/api/volunteers',
          headers: { origin, authorization: `Bearer ${ADMIN_TOKEN}` },
        });
      expect((await organiser(ALLOWED_ORIGIN)).headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(
        (await organiser('https://evil.example')).headers['access-control-allow-origin'],
      ).toBeUndefined();
    });

    it('answers preflights for configured origins only', async () => {
      const preflight = (origin: string) =>
        system.app.inject({
          method: 'OPTIONS',
          url: '/api/fridges',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
      const allowed = await preflight(ALLOWED_ORIGIN);
      expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
      const other = await preflight('https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows no cross-origin caller but to public reads by default', async () => {
      const plain = tempDataDir();
      const defaults = await startTestSystem(plain.dir);
      try {
        const res = await defaults.app.inject({
          url: '/api/fridges/elm-st/devices',
          method: 'POST',
          headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        expect(res.statusCode).toBe(404);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        const open = await defaults.app.inject({ url: '/api/fridges', headers: { origin: ALLOWED_ORIGIN } });
        expect(open.headers['access-control-allow-origin']).toBe('*');
      } finally {
        await defaults.stop();
        plain.remove();
      }
    });
  });

  describe('rate limits', () => {
    it('limits public writes (claims) per address, with the error shape and Retry-After; reads stay free', async () => {
      const claim = (remoteAddress: string) =>
        system.app.inject({ method: 'POST', url: '/api/test-claims', remoteAddress });
      for (let i = 0; i < 3; i++) expect((await claim('192.0.2.10')).statusCode).toBe(200);
      const limited = await claim('192.0.2.10');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual({
        error: { code: 'RATE_LIMITED', message: expect.stringMatching(/too many requests/) },
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await claim('192.0.2.11')).statusCode).toBe(200);
      for (let i = 0; i < 10; i++) {
        const read = await system.app.inject({ url: '/api/test-claims', remoteAddress: '192.0.2.10' });
        expect(read.statusCode).toBe(200);
      }
    });

    it('limits claim links even when opened with GET', async () => {
      const open = () => system.app.inject({ url: '/claim/some-token', remoteAddress: '192.0.2.20' });
      for (let i = 0; i < 3; i++) expect((await open()).statusCode).toBe(200);
      expect((await open()).statusCode).toBe(429);
    });

    it('limits organiser endpoints per address across every route, wrong tokens included', async () => {
      const limitedDir = tempDataDir();
      const limitedSystem = await startTestSystem(
        limitedDir.dir,
        { rateLimitOrganiserPerMinute: 4 },
        { features: [claimLikeModule] },
      );
      try {
        const remoteAddress = '198.51.100.7';
        const calls = [
          { method: 'POST' as const, url: '/api/fridges', headers: auth, payload: elmStreet },
          { method: 'PATCH' as const, url: '/api/fridges/elm-st', headers: auth, payload: { name: 'Elm' } },
          // A guess at the token counts too: guessing gets the same few tries as using it.
          {
            method: 'DELETE' as const,
            url: '/api/devices/x',
            headers: { authorization: 'Bearer guess-guess-guess' },
          },
          { method: 'POST' as const, url: '/api/test-organiser-action', headers: auth },
        ];
        const statuses: number[] = [];
        for (const call of calls)
          statuses.push((await limitedSystem.app.inject({ ...call, remoteAddress })).statusCode);
        expect(statuses).toEqual([201, 200, 401, 200]);
        const fifth = await limitedSystem.app.inject({ ...calls[1], remoteAddress } as (typeof calls)[1] & {
          remoteAddress: string;
        });
        expect(fifth.statusCode).toBe(429);
        expect(fifth.json().error.code).toBe('RATE_LIMITED');
        const read = await limitedSystem.app.inject({ url: '/api/fridges/elm-st', remoteAddress });
        expect(read.statusCode).toBe(200);
      } finally {
        await limitedSystem.stop();
        limitedDir.remove();
      }
    });
  });

  describe('hostile bodies', () => {
    it('refuses an oversized body with 413 and the error shape', async () => {
      const res = await system.app.inject({
        method: 'POST',
        url: '/api/fridges',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...elmStreet, id: 'big', address: 'x'.repeat(200_000) }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('refuses deeply nested JSON, prototype pollution and a wrong content type without harm', async () => {
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const bodies: Array<{ type: string; body: string; status: number }> = [
        { type: 'application/json', body: deep, status: 400 },
        { type: 'application/json', body: `{"a":${deep}}`, status: 400 },
        {
          type: 'application/json',
          body: '{"id":"proto","name":"P","kind":"fridge","shelves":[],"__proto__":{"admin":true}}',
          status: 400,
        },
        {
          type: 'application/json',
          body: '{"id":"ctor","name":"P","kind":"fridge","shelves":[],"constructor":{"prototype":{"x":1}}}',
          status: 400,
        },
        { type: 'text/plain', body: JSON.stringify({ ...elmStreet, id: 'plain' }), status: 400 },
        { type: 'application/xml', body: '<fridge id="xml"/>', status: 415 },
        { type: 'application/json', body: '{"id": NaN}', status: 400 },
      ];
      for (const { type, body, status } of bodies) {
        const res = await system.app.inject({
          method: 'POST',
          url: '/api/fridges',
          headers: { ...auth, 'content-type': type },
          payload: body,
        });
        expect(res.statusCode, body.slice(0, 60)).toBe(status);
        expect(res.json().error.code).toBeTypeOf('string');
      }
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      const list = await system.app.inject({ url: '/api/fridges' });
      expect(list.json().map((f: { id: string }) => f.id)).toEqual(['elm-st']);
    });
  });

  describe('secrets', () => {
    it('shows a device password once, stores only its scrypt hash, and never returns it or the token again', async () => {
      const registered = await system.app.inject({
        method: 'POST',
        url: '/api/fridges/elm-st/devices',
        headers: auth,
        payload: { deviceId: 'secret-sensor' },
      });
      expect(registered.statusCode).toBe(201);
      const password = registered.json().password as string;
      const row = new Database(join(data.dir, 'fridges.sqlite'), { readonly: true })
        .prepare('SELECT secret_hash AS hash FROM devices WHERE id = ?')
        .get('secret-sensor') as { hash: string };
      expect(row.hash).toMatch(/^scrypt\$/);
      expect(row.hash).not.toContain(password);
      const secrets = [password, row.hash, ADMIN_TOKEN];
      const again = await system.app.inject({
        method: 'POST',
        url: '/api/fridges/elm-st/devices',
        headers: auth,
        payload: { deviceId: 'secret-sensor' },
      });
      expect(again.statusCode).toBe(409);
      const answers = [
        again,
        await system.app.inject({ url: '/api/fridges' }),
        await system.app.inject({ url: '/api/fridges/elm-st' }),
        await system.app.inject({ url: '/api/fridges/elm-st', headers: auth }),
        await system.app.inject({ url: '/api/health' }),
        await system.app.inject({ url: '/api/openapi.json' }),
        await system.app.inject({
          method: 'PATCH',
          url: '/api/fridges/elm-st',
          headers: auth,
          payload: { name: 'E' },
        }),
      ];
      for (const answer of answers) {
        for (const secret of secrets) expect(answer.body).not.toContain(secret);
      }
    });

    it('refuses near-miss organiser tokens', async () => {
      for (const token of [
        ADMIN_TOKEN.slice(0, -1),
        `${ADMIN_TOKEN}x`,
        ADMIN_TOKEN.toUpperCase(),
        `${ADMIN_TOKEN} `,
      ]) {
        const res = await system.app.inject({
          method: 'PATCH',
          url: '/api/fridges/elm-st',
          headers: { authorization: `Bearer ${token}` },
          payload: { name: 'x' },
        });
        expect(res.statusCode, token).toBe(401);
      }
    });
  });
});
