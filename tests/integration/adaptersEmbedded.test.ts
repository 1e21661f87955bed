import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdapter, deviceDetails, registerAdapter } from '../helpers/adapterDevices';
import { eventually, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

/**
 * Off-the-shelf devices through the embedded broker, with the payloads their projects document
 * (docs/protocol.md "Adapters"): the fridge page shows what a native device would make of them.
 */
const fridge = (id: string) => ({
  id,
  name: `${id} fridge`,
  kind: 'fridge',
  shelves: [
    { id: 's1', tareKg: 2, capacityKg: 20 },
    { id: 's2', tareKg: 2, capacityKg: 20 },
  ],
});

describe('off-the-shelf devices on the embedded broker', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    for (const id of ['elm-st', 'oak-st', 'ash-st', 'fir-st']) await system.createFridge(fridge(id));
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await system.stop();
    data.remove();
  });

  it('Zigbee2MQTT: one bridge login feeds two fridges; contact true is closed; availability; unmapped names refused and counted', async () => {
    const created = await registerAdapter(system, {
      deviceId: 'z2m-bridge',
      kind: 'zigbee2mqtt',
      topic: 'zigbee2mqtt',
      bindings: [
        { source: 'elm/door', fridgeId: 'elm-st', role: 'door' },
        { source: 'elm/probe', fridgeId: 'elm-st', role: 'temperature' },
        { source: 'oak/door', fridgeId: 'oak-st', role: 'door' },
        { source: 'oak/door', fridgeId: 'oak-st', role: 'battery' },
      ],
    });
    expect(created.config.text).toContain('base_topic: zigbee2mqtt');
    expect(created.config.text).toContain(`password: '${created.password}'`);
    const bridge = await connectAdapter(system.mqttUrl, created);
    clients.push(bridge);
    // QoS 0, no seq, no ts: as Zigbee2MQTT sends by default.
    bridge.publish('zigbee2mqtt/bridge/state', '{"state":"online"}', { retain: true });
    bridge.publish(
      'zigbee2mqtt/elm/door',
      '{"contact":false,"linkquality":110,"battery":100,"voltage":3015}',
    );
    bridge.publish(
      'zigbee2mqtt/elm/probe',
      '{"temperature":4.14,"linkquality":70,"humidity":67.1,"pressure":994,"battery":74,"voltage":2955}',
    );
    bridge.publish('zigbee2mqtt/oak/door', '{"contact":true,"linkquality":110,"battery":87,"voltage":3015}');
    bridge.publish('zigbee2mqtt/garage/door', '{"contact":true,"linkquality":90}');
    await eventually(async () => {
      const elm = await system.fridge('elm-st');
      expect(elm.door.open).toBe(true);
      expect(elm.temperature.celsius).toBe(4.14);
      const oak = await system.fridge('oak-st');
      expect(oak.door.open).toBe(false);
      expect(oak.devices).toEqual([
        expect.objectContaining({ id: 'z2m-bridge', online: true, battery: 0.87 }),
      ]);
      expect(system.ingest.counters()['unmapped-source']).toBe(1);
    });
    const details = await deviceDetails(system, 'z2m-bridge');
    expect(details.fridgeIds).toEqual(['elm-st', 'oak-st']);
    expect(details.lastRefusal).toMatchObject({ reason: 'unmapped-source' });
    expect(details.lastRefusal?.detail).toContain('garage/door');
    const seen = await system.app.inject({
      url: '/api/devices/z2m-bridge/sources',
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    expect(seen.json().map((s: { source: string }) => s.source)).toContain('garage/door');

    bridge.publish('zigbee2mqtt/elm/door', '{"contact":true,"linkquality":110}');
    bridge.publish('zigbee2mqtt/elm/probe/availability', '{"state":"offline"}', { retain: true });
    await eventually(async () => {
      const elm = await system.fridge('elm-st');
      expect(elm.door.open).toBe(false);
      expect(elm.devices).toEqual([expect.objectContaining({ id: 'z2m-bridge', online: false })]);
      // The bridge itself is still there for the other fridge.
      expect((await system.fridge('oak-st')).devices[0]?.online).toBe(true);
    });
  });

  it('refuses, by the ACL, a device that publishes outside its own prefix, and closes it', async () => {
    const created = await registerAdapter(system, {
      deviceId: 'rogue-esp',
      kind: 'esphome',
      topic: 'rogue-esp',
      bindings: [{ source: 'binary_sensor/door', fridgeId: 'fir-st', role: 'door' }],
    });
    const rogue = await connectAdapter(system.mqttUrl, created);
    clients.push(rogue);
    const closed = new Promise<void>((resolve) => rogue.once('close', () => resolve()));
    const before = system.ingest.counters()['not-authorized'] ?? 0;
    // Another device's prefix, then our contract's topics: neither is this device's.
    rogue.publish('zigbee2mqtt/elm/door', '{"contact":false}');
    await closed;
    expect(system.ingest.counters()['not-authorized']).toBe(before + 1);
    expect((await system.fridge('elm-st')).door.open).toBe(false);
    const again = await connectAdapter(system.mqttUrl, created);
    clients.push(again);
    const closedAgain = new Promise<void>((resolve) => again.once('close', () => resolve()));
    again.publish('fridges/fir-st/door', 'open');
    await closedAgain;
    expect(system.ingest.counters()['not-authorized']).toBe(before + 2);
    expect((await system.fridge('fir-st')).door.open).toBeNull();
  });
});
