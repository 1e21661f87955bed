import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMosquitto, startMosquitto } from '../helpers/mosquitto';
import { elmStreet, eventually, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

describe('the server against an external Mosquitto broker', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mosquitto: RunningMosquitto;
  let system: TestSystem;

  beforeAll(async () => {
    data = tempDataDir();
    mosquitto = await startMosquitto(data.dir);
    system = await startTestSystem(data.dir, { mqttUrl: mosquitto.url });
    await system.createFridge(elmStreet);
  });
  afterAll(async () => {
    await system.stop();
    await mosquitto.stop();
    data.remove();
  });

  it('ingests valid readings, refuses bad ones itself, and counts a duplicate seq once', async () => {
    const device = await mqtt.connectAsync(mosquitto.url, { clientId: 'elm-device', protocolVersion: 4 });
    await device.publishAsync('fridges/elm-st/shelves/s1/weight', JSON.stringify({ kg: 14, seq: 1 }), {
      qos: 1,
    });
    await device.publishAsync('fridges/elm-st/shelves/s1/weight', JSON.stringify({ kg: 14, seq: 1 }), {
      qos: 1,
    });
    await device.publishAsync('fridges/elm-st/temperature', '5.5', { qos: 1 });
    await device.publishAsync('fridges/elm-st/temperature', '{"celsius": 500}', { qos: 1 });
    await device.publishAsync('fridges/elm-st/door', 'wide open', { qos: 1 });
    await device.publishAsync('fridges/nowhere/door', 'open', { qos: 1 });
    await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.shelves[0]?.kg).toBe(12);
      expect(status.temperature.celsius).toBe(5.5);
      expect(system.ingest.counters()).toMatchObject({
        duplicate: 1,
        'out-of-range': 1,
        'malformed-payload': 1,
        'unknown-fridge': 1,
      });
    });
    expect((await system.fridge('elm-st')).door.open).toBeNull();
    expect(system.ingest.storedReadings()).toBe(2);
    const health = await system.app.inject({ url: '/api/health' });
    expect(health.json()).toMatchObject({
      status: 'ok',
      broker: { ok: true, mode: 'external', connectedClients: null },
    });
    await device.endAsync();
  });

  it('publishes the fridge state retained on the broker', async () => {
    const watcher = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4 });
    const states: Array<{ id: string; temperature: { celsius: number | null } }> = [];
    watcher.on('message', (_t, payload) => states.push(JSON.parse(payload.toString())));
    await watcher.subscribeAsync('fridges/elm-st/state', { qos: 1 });
    // The status goes out at most every 100 ms per fridge (LIVE_STATUS_MIN_INTERVAL_MS), so the
    // retained one may still be the status before the reading, with the newer one right behind it.
    await eventually(() => {
      expect(states.at(-1)).toMatchObject({ id: 'elm-st', temperature: { celsius: 5.5 } });
    });
    expect(states[0]?.id).toBe('elm-st');
    await watcher.endAsync();
  });
});
