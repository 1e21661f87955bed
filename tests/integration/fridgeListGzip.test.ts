import { gunzipSync } from 'node:zlib';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import { acceptsGzip } from '../../server/api/listEncoding';
import {
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

/**
 * `GET /api/fridges` in gzip when the client asks for it (issue 12: 13.6 MB at 10,000 fridges):
 * the same list, a validator of its own per content coding, `Vary: Accept-Encoding` on every
 * answer, and the bytes as they are to a client that does not ask.
 */
describe('the fridge list in gzip', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let device: MqttClient;
  let shelfTopic: string;

  const list = (headers: Record<string, string> = {}) => system.app.inject({ url: '/api/fridges', headers });
  const gzipped = (headers: Record<string, string> = {}) =>
    list({ 'accept-encoding': 'gzip, deflate, br', ...headers });
  const decoded = (response: Awaited<ReturnType<typeof list>>) =>
    JSON.parse(gunzipSync(response.rawPayload).toString('utf8')) as FridgeStatus[];

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
    await system.createFridge({
      ...elmStreet,
      id: 'oak-ave',
      name: 'Oak Ave pantry — Bäckerei',
      kind: 'pantry',
    });
    const registration = await system.registerDevice('elm-st');
    device = await connectDevice(system.mqttUrl, registration);
    shelfTopic = registration.topics.shelves.s1 as string;
  });
  afterAll(async () => {
    await device.endAsync();
    await system.stop();
    data.remove();
  });

  it('answers gzip to a client that accepts it: the same list, byte for byte', async () => {
    const plain = await list();
    const zipped = await gzipped();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.rawPayload.length);
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/^application\/json/);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    for (const response of [plain, zipped]) expect(response.headers.vary).toMatch(/accept-encoding/i);
  });

  it('gives each coding its own ETag, and 304 only to the validator of the coding asked for', async () => {
    const plainEtag = String((await list()).headers.etag);
    const zippedEtag = String((await gzipped()).headers.etag);
    expect(zippedEtag).toMatch(/^".+"$/);
    expect(zippedEtag).not.toBe(plainEtag);
    const notModified = await gzipped({ 'if-none-match': zippedEtag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    expect(notModified.headers.etag).toBe(zippedEtag);
    expect(notModified.headers.vary).toMatch(/accept-encoding/i);
    // The other coding's validator names other bytes: the whole list again.
    const crossed = await gzipped({ 'if-none-match': plainEtag });
    expect(crossed.statusCode).toBe(200);
    expect(decoded(crossed).map((s) => s.id)).toEqual(['elm-st', 'oak-ave']);
    expect((await list({ 'if-none-match': zippedEtag })).statusCode).toBe(200);
    expect((await list({ 'if-none-match': plainEtag })).statusCode).toBe(304);
  });

  it('shows a reading in the next gzip list, under a new ETag', async () => {
    const before = await gzipped();
    const etag = String(before.headers.etag);
    await device.publishAsync(shelfTopic, JSON.stringify({ kg: 9 }), { qos: 1 });
    await eventually(async () => {
      const after = await gzipped({ 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      const elm = decoded(after).find((s) => s.id === 'elm-st');
      expect(elm?.shelves.find((s) => s.id === 's1')?.grossKg).toBe(9);
      expect(gunzipSync(after.rawPayload).equals((await list()).rawPayload)).toBe(true);
    });
  });

  it('sends the bytes as they are when gzip is refused or not asked for', async () => {
    for (const header of ['identity', 'gzip;q=0', 'br', 'gzip;q=0, *']) {
      const response = await list({ 'accept-encoding': header });
      expect(response.headers['content-encoding'], header).toBeUndefined();
      expect((response.json() as FridgeStatus[]).map((s) => s.id)).toEqual(['elm-st', 'oak-ave']);
    }
  });
});

describe('Accept-Encoding, as RFC 9110 §12.5.3 reads it', () => {
  it('takes gzip listed with a weight above 0, or * with no gzip entry', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('GZIP;Q=0.5')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('br;q=1.0, *;q=0.1')).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*;q=0')).toBe(false);
  });
});
