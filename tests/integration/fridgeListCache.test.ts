import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  TEST_START_MS,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * `GET /api/fridges` is served from the catalogue's cache of public statuses (issue 12): whatever
 * changes a fridge shows in the next list, an unchanged list answers 304 to its ETag, and a status
 * that reads the clock (open now) follows the clock without any event.
 */
describe('the cached fridge list', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let device: MqttClient;
  let shelfTopic: string;
  // Tuesday 1 December 2026, 10:00 UTC; moved by hand below.
  let nowMs = TEST_START_MS;

  const list = () => system.app.inject({ url: '/api/fridges' });

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, {}, { clock: { nowMs: () => nowMs } });
    await system.createFridge(elmStreet);
    await system.createFridge({ ...elmStreet, id: 'oak-ave', name: 'Oak Ave pantry', kind: 'pantry' });
    const registration = await system.registerDevice('elm-st');
    device = await connectDevice(system.mqttUrl, registration);
    shelfTopic = registration.topics.shelves.s1 as string;
  });
  afterAll(async () => {
    await device.endAsync();
    await system.stop();
    data.remove();
  });

  it('answers 304 with no body to the ETag of an unchanged list, and 200 to any other', async () => {
    const first = await list();
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await system.app.inject({ url: '/api/fridges', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const weak = await system.app.inject({ url: '/api/fridges', headers: { 'if-none-match': `W/${etag}` } });
    expect(weak.statusCode).toBe(304);
    const other = await system.app.inject({ url: '/api/fridges', headers: { 'if-none-match': '"other"' } });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual(first.json());
  });

  it('lists each fridge exactly as its own detail route describes it', async () => {
    const statuses = (await list()).json() as FridgeStatus[];
    expect(statuses.map((s) => s.id)).toEqual(['elm-st', 'oak-ave']);
    for (const status of statuses) expect(status).toEqual(await system.fridge(status.id));
  });

  it('shows a reading in the next list, under a new ETag', async () => {
    const before = await list();
    const etag = String(before.headers.etag);
    await device.publishAsync(shelfTopic, JSON.stringify({ kg: 12 }), { qos: 1 });
    await eventually(async () => {
      const after = await system.app.inject({ url: '/api/fridges', headers: { 'if-none-match': etag } });
      expect(after.statusCode).toBe(200);
      const elm = (after.json() as FridgeStatus[]).find((s) => s.id === 'elm-st');
      expect(elm?.shelves.find((s) => s.id === 's1')?.grossKg).toBe(12);
      expect(after.headers.etag).not.toBe(etag);
    });
  });

  it('follows a rename into the order of the list, and a removal out of it', async () => {
    const renamed = await system.app.inject({
      method: 'PATCH',
      url: '/api/fridges/oak-ave',
      headers: auth,
      payload: { name: 'Ash Lane pantry' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(((await list()).json() as FridgeStatus[]).map((s) => [s.id, s.name])).toEqual([
      ['oak-ave', 'Ash Lane pantry'],
      ['elm-st', 'Elm St fridge'],
    ]);
    const removed = await system.app.inject({ method: 'DELETE', url: '/api/fridges/oak-ave', headers: auth });
    expect(removed.statusCode).toBe(204);
    expect(((await list()).json() as FridgeStatus[]).map((s) => s.id)).toEqual(['elm-st']);
  });

  it('turns "open now" at closing time with no event, only the clock moving on', async () => {
    const hours = { tu: [{ from: '08:00', to: '10:30' }] };
    const patched = await system.app.inject({
      method: 'PATCH',
      url: '/api/fridges/elm-st',
      headers: auth,
      payload: { openingHours: hours },
    });
    expect(patched.statusCode).toBe(200);
    nowMs = TEST_START_MS + 29 * 60_000; // 10:29 UTC, the site's zone here
    const open = await list();
    expect((open.json() as FridgeStatus[])[0]?.openNow).toBe(true);
    const etag = String(open.headers.etag);
    nowMs = TEST_START_MS + 30 * 60_000; // 10:30: closed
    const closed = await system.app.inject({ url: '/api/fridges', headers: { 'if-none-match': etag } });
    expect(closed.statusCode).toBe(200);
    expect((closed.json() as FridgeStatus[])[0]?.openNow).toBe(false);
    expect((await system.fridge('elm-st')).openNow).toBe(false);
  });
});
