import type { Socket } from 'node:net';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

/** Short in the test so the cut-off comes quickly; the default is 30 s (MQTT_DRAIN_TIMEOUT_MS). */
const DRAIN_TIMEOUT_MS = 1000;
const MESSAGES = 6000;
/** Valid readings padded to the payload limit with whitespace, so each delivery is ~1 KiB. */
const PAYLOAD_BYTES = 1024;

describe('a subscriber that stops reading', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { mqttDrainTimeoutMs: DRAIN_TIMEOUT_MS });
    await system.createFridge(elmStreet);
  });
  afterAll(async () => {
    for (const client of clients) await client.endAsync(true);
    await system.stop();
    data.remove();
  });

  it('is cut off after the drain timeout while the broker keeps serving everyone else', async () => {
    const broker = system.broker;
    if (!broker) throw new Error('embedded broker expected');
    const publisherReg = await system.registerDevice('elm-st', 'elm-scale');
    const slowReg = await system.registerDevice('elm-st', 'elm-frozen-screen');
    const healthyReg = await system.registerDevice('elm-st', 'elm-status-screen');

    // No keepalive: only the drain timeout may cut it off.
    const slow = await connectDevice(system.mqttUrl, slowReg, { keepalive: 0 });
    const healthy = await connectDevice(system.mqttUrl, healthyReg);
    const publisher = await connectDevice(system.mqttUrl, publisherReg);
    clients.push(slow, healthy, publisher);
    // Everything under its fridge: each reading, and each state change it causes (~1.5 KiB).
    await slow.subscribeAsync('fridges/elm-st/#', { qos: 1 });
    await healthy.subscribeAsync('fridges/elm-st/shelves/+/weight', { qos: 1 });
    const received = new Set<number>();
    healthy.on('message', (_topic, payload) => received.add(JSON.parse(payload.toString()).seq));
    const slowCut = new Promise<string>((resolve) =>
      broker.aedes.on('clientError', (client, err) => {
        if (client.id === slowReg.username) resolve(err.message);
      }),
    );
    // A status screen whose app froze: its socket is never read again.
    (slow.stream as Socket).pause();

    for (let seq = 1; seq <= MESSAGES; seq += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, MESSAGES - seq + 1) }, (_v, i) => {
          const body = JSON.stringify({ kg: 2 + ((seq + i) % 100) / 10, seq: seq + i });
          return publisher.publishAsync('fridges/elm-st/shelves/s1/weight', body.padEnd(PAYLOAD_BYTES, ' '), {
            qos: 1,
          });
        }),
      );
    }
    // Every reading was acknowledged to the publisher (above) and stored; the frozen
    // subscriber was disconnected by the broker, and the healthy one got every message.
    expect(system.ingest.storedReadings()).toBe(MESSAGES);
    expect(await slowCut).toMatch(/drain timeout/);
    await eventually(() => expect(received.size).toBe(MESSAGES), 60_000);
    const health = await system.app.inject({ url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', broker: { ok: true } });
    console.info(
      `[slow-consumer] ${JSON.stringify({ messages: MESSAGES, payloadBytes: PAYLOAD_BYTES, drainTimeoutMs: DRAIN_TIMEOUT_MS, healthyReceived: received.size })}`,
    );
  });
});
