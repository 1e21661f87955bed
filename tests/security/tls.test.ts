import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import {
  ADMIN_TOKEN,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';
import { WebhookReceiver } from '../helpers/webhookReceiver';

/** A self-signed pair for localhost and 127.0.0.1, valid one day, made with the machine's openssl. */
function selfSignedPair(dir: string): { certFile: string; keyFile: string; cert: Buffer } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1'],
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, cert: readFileSync(certFile) };
}

function httpsGet(
  url: string,
  options: https.RequestOptions,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, options, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('TLS: HTTPS and MQTTS with configured certificate files', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let cert: Buffer;

  beforeAll(async () => {
    data = tempDataDir();
    const pair = selfSignedPair(data.dir);
    cert = pair.cert;
    system = await startTestSystem(data.dir, {
      tlsCertFile: pair.certFile,
      tlsKeyFile: pair.keyFile,
      mqttTlsPort: 0,
      mqttTlsHost: '127.0.0.1',
      // The test's webhook receiver listens on 127.0.0.1.
      allowPrivateWebhooks: true,
    });
    await system.createFridge(elmStreet);
    await hooks.start();
  });
  const hooks = new WebhookReceiver();
  afterAll(async () => {
    await hooks.stop();
    await system.stop();
    data.remove();
  });

  it('serves the API over HTTPS only, with HSTS', async () => {
    expect(system.httpUrl).toMatch(/^https:\/\//);
    const url = `${system.httpUrl.replace('localhost', '127.0.0.1')}/api/health`;
    const res = await httpsGet(url, { ca: cert });
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000');
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    // Not trusted without the certificate: it is real TLS, not a plain socket.
    await expect(httpsGet(url, {})).rejects.toThrow(/self-signed|self signed/i);
    // Plain HTTP on the same port gets no answer from the API.
    const plain = await fetch(url.replace('https://', 'http://')).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });

  it('sends volunteers https:// claim links on the port it serves, without PUBLIC_URL', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const added = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: {
        name: 'Ana',
        channels: [{ type: 'webhook', url: hooks.url('/ana'), format: 'json' }],
        fridgeIds: ['elm-st'],
      },
    });
    expect(added.statusCode).toBe(201);
    const raised = await system.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: auth,
      payload: { fridgeId: 'elm-st' },
    });
    expect(raised.statusCode).toBe(201);
    const call = await eventually(() => {
      const found = hooks.calls.find((c) => c.path === '/ana');
      if (!found) throw new Error('no notice yet');
      return found;
    }, 10_000);
    const claimUrl: string = JSON.parse(call.body).action.url;
    expect(claimUrl.startsWith(`${system.httpUrl}/claim/`)).toBe(true);
    expect(claimUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/claim\//);
    const page = await httpsGet(claimUrl, { ca: cert });
    expect(page.status).toBe(200);
    expect(page.body).toContain("I'll restock it");
  });

  it('hands new devices an mqtts:// address and takes their readings over MQTTS', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    expect(reg.mqttUrl).toMatch(/^mqtts:\/\/localhost:\d+$/);
    expect(system.mqttTlsUrl).toMatch(/^mqtts:\/\//);
    const device = await mqtt.connectAsync(system.mqttTlsUrl ?? '', {
      clientId: reg.username,
      username: reg.username,
      password: reg.password,
      protocolVersion: 4,
      clean: false,
      reconnectPeriod: 0,
      ca: cert,
    });
    await device.publishAsync(reg.topics.temperature, '{"celsius": 3.5}', { qos: 1 });
    await device.endAsync();
    expect((await system.fridge('elm-st')).temperature.celsius).toBe(3.5);
  });

  it('refuses an MQTTS client that does not trust the certificate', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-untrusting');
    await expect(
      mqtt.connectAsync(system.mqttTlsUrl ?? '', {
        clientId: reg.username,
        username: reg.username,
        password: reg.password,
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow(/self-signed|self signed/i);
  });

  it('keeps plain MQTT beside MQTTS for firmware without TLS', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-plain');
    const device = await mqtt.connectAsync(system.mqttUrl, {
      clientId: reg.username,
      username: reg.username,
      password: reg.password,
      reconnectPeriod: 0,
    });
    await device.publishAsync(reg.topics.temperature, '{"celsius": 4.5}', { qos: 1 });
    await device.endAsync();
    expect((await system.fridge('elm-st')).temperature.celsius).toBe(4.5);
  });

  it('refuses a certificate without its key at start-up, naming both settings', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '/etc/ssl/fridge.pem', ADMIN_TOKEN })).toThrow(ConfigError);
    expect(() => loadConfig({ TLS_CERT_FILE: '/etc/ssl/fridge.pem' })).toThrow(/TLS_CERT_FILE, TLS_KEY_FILE/);
  });
});
