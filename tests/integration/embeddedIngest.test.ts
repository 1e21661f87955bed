import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

describe('a device publishing to the embedded broker', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
  });

  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  it('shows its readings in the API: stock, temperature, door and device', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12 }), { qos: 1 });
    await device.publishAsync(reg.topics.shelves.s2 as string, '6', { qos: 1 });
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4.2 }), { qos: 1 });
    await device.publishAsync(reg.topics.door, 'open', { qos: 1 });
    await device.publishAsync(
      reg.topics.status,
      JSON.stringify({ online: true, battery: 0.82, rssi: -67, firmware: '1.0.0' }),
      {
        qos: 1,
        retain: true,
      },
    );
    // PUBACK for QoS 1 comes after the commit, so the state is already there.
    const status = await system.fridge('elm-st');
    expect(status.stock).toMatchObject({ kg: 14, capacityKg: 40, percent: 35, level: 'few' });
    expect(status.shelves.map((s) => s.kg)).toEqual([10, 4]);
    expect(status.temperature.celsius).toBe(4.2);
    expect(status.door.open).toBe(true);
    expect(status.online).toBe(true);
    expect(status.devices[0]).toMatchObject({
      id: 'elm-sensor',
      online: true,
      battery: 0.82,
      rssi: -67,
      firmware: '1.0.0',
    });
    expect(status.lastSeen).not.toBeNull();
    await device.endAsync();
    await eventually(async () => expect((await system.fridge('elm-st')).online).toBe(false));
  });

  it('lets a device clear its own retained reading with an empty retained payload', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.door, 'open', { qos: 1, retain: true });
    const retainedOn = async (): Promise<string[]> => {
      const reader = await system.registerDevice('elm-st');
      const client = await connectDevice(system.mqttUrl, reader, { clean: true });
      const seen: string[] = [];
      client.on('message', (_topic, payload, packet) => {
        if (packet.retain) seen.push(payload.toString());
      });
      await client.subscribeAsync(reg.topics.door, { qos: 1 });
      // A retained message is sent right after the SUBACK; a round trip later it has arrived.
      await client.publishAsync(reader.topics.temperature, JSON.stringify({ celsius: 4 }), { qos: 1 });
      await client.endAsync();
      return seen;
    };
    expect(await retainedOn()).toEqual(['open']);
    const refusedBefore = { ...system.ingest.counters() };
    const storedBefore = system.ingest.storedReadings();

    await device.publishAsync(reg.topics.door, '', { qos: 1, retain: true });
    expect(await retainedOn()).toEqual([]);
    expect(system.ingest.counters()).toEqual(refusedBefore);
    // Only the two readers' temperatures were stored; the clear is no reading.
    expect(system.ingest.storedReadings()).toBe(storedBefore + 1);
    expect((await system.fridge('elm-st')).door.open).toBe(true);
    await device.endAsync();
  });

  it('refuses a device publishing for another fridge, and closes its connection', async () => {
    await system.createFridge({ ...elmStreet, id: 'oak-ave', name: 'Oak Ave' });
    const reg = await system.registerDevice('elm-st');
    const device = await connectDevice(system.mqttUrl, reg);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish('fridges/oak-ave/shelves/s1/weight', '{"kg": 5}', { qos: 1 });
    await closed;
    const oak = await system.fridge('oak-ave');
    expect(oak.stock.kg).toBeNull();
    expect(system.ingest.counters()['not-authorized']).toBe(1);
    await device.endAsync(true);
  });

  it('refuses malformed, absurd and unknown input, counts each reason, and changes nothing', async () => {
    const reg = await system.registerDevice('elm-st');
    const device = await connectDevice(system.mqttUrl, reg);
    const bad: Array<[string, string]> = [
      [reg.topics.temperature, '{"celsius": "warm"}'],
      [reg.topics.temperature, '{"celsius": 95}'],
      [reg.topics.temperature, '-80'],
      [reg.topics.shelves.s1 as string, '{"kg": 5000}'],
      [reg.topics.shelves.s1 as string, 'heavy'],
      [reg.topics.door, 'ajar'],
      ['fridges/elm-st/shelves/s9/weight', '{"kg": 3}'],
    ];
    for (const [topic, payload] of bad) await device.publishAsync(topic, payload, { qos: 1 });
    const status = await system.fridge('elm-st');
    expect(status.stock.kg).toBeNull();
    expect(status.temperature.celsius).toBeNull();
    expect(status.door.open).toBeNull();
    expect(system.ingest.counters()).toMatchObject({
      'malformed-payload': 3,
      'out-of-range': 3,
      'unknown-shelf': 1,
    });
    const health = await system.app.inject({ url: '/api/health' });
    expect(health.json().refusals).toMatchObject({ 'malformed-payload': 3, 'out-of-range': 3 });
    // The device stays connected: a refused payload is acknowledged, not resent forever.
    expect(device.connected).toBe(true);
    await device.endAsync();
  });

  it('counts a repeated seq from the same device once', async () => {
    const reg = await system.registerDevice('elm-st');
    const device = await connectDevice(system.mqttUrl, reg);
    const payload = JSON.stringify({ kg: 7, seq: 41 });
    await device.publishAsync(reg.topics.shelves.s1 as string, payload, { qos: 1 });
    await device.publishAsync(reg.topics.shelves.s1 as string, payload, { qos: 1 });
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 9, seq: 41 }), {
      qos: 1,
    });
    expect(system.ingest.storedReadings()).toBe(1);
    expect(system.ingest.counters().duplicate).toBe(2);
    expect((await system.fridge('elm-st')).shelves[0]?.kg).toBe(5);
    await device.endAsync();
  });

  it('keeps a late reading as history without rolling the current state back', async () => {
    const reg = await system.registerDevice('elm-st');
    const device = await connectDevice(system.mqttUrl, reg);
    const now = system.clock.nowMs();
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 10, ts: now - 1000 }), {
      qos: 1,
    });
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 4, ts: now - 60_000 }), {
      qos: 1,
    });
    const status = await system.fridge('elm-st');
    expect(status.shelves[0]?.kg).toBe(8);
    expect(status.shelves[0]?.asOf).toBe(new Date(now - 1000).toISOString());
    expect(system.ingest.storedReadings()).toBe(2);
    await device.endAsync();
  });

  it('uses the receive time and flags clock skew for a timestamp in the future', async () => {
    const reg = await system.registerDevice('elm-st');
    const device = await connectDevice(system.mqttUrl, reg);
    const before = system.clock.nowMs();
    await device.publishAsync(
      reg.topics.temperature,
      JSON.stringify({ celsius: 3, ts: new Date(before + 3600_000).toISOString() }),
      {
        qos: 1,
      },
    );
    const status = await system.fridge('elm-st');
    expect(Date.parse(status.temperature.asOf ?? '')).toBeLessThanOrEqual(system.clock.nowMs());
    expect(status.devices[0]?.clockSkew).toBe(true);
    await device.endAsync();
  });

  it('lets a revoked device go at once and refuses its next connect', async () => {
    const reg = await system.registerDevice('elm-st');
    const device = await connectDevice(system.mqttUrl, reg);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    const res = await system.app.inject({
      method: 'DELETE',
      url: `/api/devices/${reg.deviceId}`,
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    expect(res.statusCode).toBe(204);
    await closed;
    await expect(connectDevice(system.mqttUrl, reg)).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    await device.endAsync(true);
  });

  it('keeps the live status retained on its state topic: the UTF-8 of the status JSON', async () => {
    await system.createFridge({ ...elmStreet, id: 'markt', name: 'Kühlschrank am Markt ❄ 🍎' });
    const reg = await system.registerDevice('markt', 'markt-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4.5 }), { qos: 1 });
    const retained = (topic: string) =>
      new Promise<Buffer | null>((resolve, reject) => {
        const onMessage = (at: string, payload: Buffer) => {
          if (at !== topic || payload.byteLength === 0) return;
          device.removeListener('message', onMessage);
          resolve(payload);
        };
        device.on('message', onMessage);
        device.subscribeAsync(topic, { qos: 1 }).then(() => setTimeout(() => resolve(null), 300), reject);
      });
    // The status goes out at most every 100 ms per fridge: wait for the one with the reading.
    let payload: Buffer | null = null;
    await eventually(async () => {
      await device.unsubscribeAsync('fridges/markt/state');
      payload = await retained('fridges/markt/state');
      expect(payload && JSON.parse(payload.toString('utf8')).temperature.celsius).toBe(4.5);
    });
    const text = (payload as unknown as Buffer).toString('utf8');
    // Every byte: JSON.stringify's own output reads back to the same text.
    expect((payload as unknown as Buffer).equals(Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8'))).toBe(
      true,
    );
    expect(JSON.parse(text)).toEqual(await system.fridge('markt'));
    await device.endAsync();
  });

  it('refuses a wrong password', async () => {
    const reg = await system.registerDevice('elm-st');
    await expect(connectDevice(system.mqttUrl, { ...reg, password: 'guess' })).rejects.toThrow(
      /Bad username or password/i,
    );
  });

  it('lets a device subscribe to its own fridge only', async () => {
    await system.createFridge({ ...elmStreet, id: 'oak-ave', name: 'Oak Ave' });
    const reg = await system.registerDevice('elm-st');
    const device = await connectDevice(system.mqttUrl, reg);
    const granted = await device.subscribeAsync('fridges/elm-st/state', { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    for (const filter of ['fridges/oak-ave/state', '#', 'fridges/+/door', 'fridges/elm-st/../oak-ave/#']) {
      // SUBACK 0x80: refused, while the connection stays up.
      await expect(device.subscribeAsync(filter, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    }
    expect(device.connected).toBe(true);
    await device.endAsync();
  });
});

describe('state across a restart', () => {
  it('survives on the same SQLite file', async () => {
    const data = tempDataDir();
    try {
      const first = await startTestSystem(data.dir);
      await first.createFridge(elmStreet);
      const reg = await first.registerDevice('elm-st', 'elm-sensor');
      const device = await connectDevice(first.mqttUrl, reg);
      await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12, seq: 1 }), {
        qos: 1,
      });
      await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 3.5, seq: 2 }), { qos: 1 });
      await device.publishAsync(reg.topics.door, JSON.stringify({ open: false, seq: 3 }), { qos: 1 });
      await device.endAsync(true);
      const before = await first.fridge('elm-st');
      await first.stop();

      const second = await startTestSystem(data.dir, {}, { clock: first.clock });
      const after = await second.fridge('elm-st');
      expect(after.stock).toEqual(before.stock);
      expect(after.temperature).toEqual(before.temperature);
      expect(after.door).toEqual(before.door);
      // The device's credentials survive; its resend of seq 1 is recognised as a duplicate.
      const again = await connectDevice(second.mqttUrl, reg);
      await again.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12, seq: 1 }), {
        qos: 1,
      });
      expect(second.ingest.counters().duplicate).toBe(1);
      expect(second.ingest.storedReadings()).toBe(0);
      await again.endAsync();
      await second.stop();
    } finally {
      data.remove();
    }
  });
});
