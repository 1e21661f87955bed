import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoHashMatches } from '../../server/adapters/mosquitto/passwordHash';
import { openDatabase } from '../../server/storage/database';
import { DeviceRepository } from '../../server/storage/deviceRepository';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('POST /api/devices/{id}/secret on the embedded broker', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
  });
  afterAll(async () => {
    await system.stop();
    data.remove();
  });

  it('answers a new password once, ends the old login at once, and keeps both hashes of the new one', async () => {
    const first = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, first);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    const res = await system.app.inject({
      method: 'POST',
      url: '/api/devices/elm-sensor/secret',
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const renewed = res.json() as { deviceId: string; username: string; password: string; mqttUrl: string };
    expect(renewed).toMatchObject({ deviceId: 'elm-sensor', username: 'elm-sensor', mqttUrl: first.mqttUrl });
    await closed;
    await expect(connectDevice(system.mqttUrl, first)).rejects.toThrow(/Bad username or password/i);
    const again = await connectDevice(system.mqttUrl, renewed);
    await again.publishAsync('fridges/elm-st/temperature', JSON.stringify({ celsius: 4.5, seq: 1 }), {
      qos: 1,
    });
    await eventually(async () => expect((await system.fridge('elm-st')).temperature.celsius).toBe(4.5));
    await again.endAsync();
    const db = openDatabase(data.dir);
    const stored = new DeviceRepository(db, () => 0).get('elm-sensor');
    db.close();
    expect(await mosquittoHashMatches(renewed.password, stored?.mosquittoHash ?? '')).toBe(true);
    expect(await mosquittoHashMatches(first.password, stored?.mosquittoHash ?? '')).toBe(false);
  });

  it('refuses an unknown or revoked device (404) and anyone without the organiser token (401)', async () => {
    await system.registerDevice('elm-st', 'gone-sensor');
    await system.app.inject({ method: 'DELETE', url: '/api/devices/gone-sensor', headers: auth });
    for (const id of ['gone-sensor', 'no-such-sensor']) {
      const res = await system.app.inject({
        method: 'POST',
        url: `/api/devices/${id}/secret`,
        headers: auth,
      });
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error.code).toBe('DEVICE_NOT_FOUND');
    }
    const stranger = await system.app.inject({ method: 'POST', url: '/api/devices/elm-sensor/secret' });
    expect(stranger.statusCode).toBe(401);
  });
});
