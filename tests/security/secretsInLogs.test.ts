import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { api, freePorts, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { ADMIN_TOKEN, elmStreet, tempDataDir } from '../helpers/testSystem';

describe('logs of a real run', () => {
  const data = tempDataDir();
  let server: ServerProcess | null = null;

  afterAll(async () => {
    await server?.kill9();
    data.remove();
  });

  it('never contain the organiser token, a device password or its hash, even at debug level', async () => {
    server = await startServerProcess({
      dataDir: data.dir,
      ...(await freePorts()),
      env: { LOG_LEVEL: 'debug' },
    });
    expect((await api(server.httpUrl, 'POST', '/api/fridges', elmStreet)).status).toBe(201);
    expect((await api(server.httpUrl, 'POST', '/api/fridges', elmStreet, 'a-wrong-guess-token')).status).toBe(
      401,
    );
    const reg = await api<DeviceRegistration>(server.httpUrl, 'POST', '/api/fridges/elm-st/devices', {
      deviceId: 'elm-sensor',
    });
    expect(reg.status).toBe(201);
    const { password } = reg.body;

    // A wrong password, a right one, a reading and a refused reading: every MQTT log path.
    const wrong = mqtt.connectAsync(server.mqttUrl, {
      clientId: 'elm-sensor',
      username: 'elm-sensor',
      password: `${password}-wrong`,
      reconnectPeriod: 0,
    });
    await expect(wrong).rejects.toThrow(/Bad username or password/);
    const device = await mqtt.connectAsync(server.mqttUrl, {
      clientId: 'elm-sensor',
      username: 'elm-sensor',
      password,
      reconnectPeriod: 0,
    });
    await device.publishAsync('fridges/elm-st/temperature', '{"celsius": 4, "seq": 1}', { qos: 1 });
    await device.publishAsync('fridges/elm-st/temperature', `{"celsius": "${password}"}`, { qos: 1 });
    await device.endAsync();
    expect((await api(server.httpUrl, 'DELETE', '/api/devices/elm-sensor')).status).toBe(204);
    await server.stop();

    const hash = (
      new Database(join(data.dir, 'fridges.sqlite'), { readonly: true })
        .prepare('SELECT secret_hash AS hash FROM devices WHERE id = ?')
        .get('elm-sensor') as { hash: string }
    ).hash;
    const output = server.output();
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    // The capture works: requests, the failed login and the refusal were all logged.
    expect(lines.some((line) => line.includes('incoming request'))).toBe(true);
    expect(lines.some((line) => line.includes('device authentication failed'))).toBe(true);
    expect(lines.some((line) => line.includes('malformed-payload'))).toBe(true);
    for (const secret of [ADMIN_TOKEN, password, hash, hash.split('$').pop() ?? hash]) {
      expect(output).not.toContain(secret);
    }
  });
});
