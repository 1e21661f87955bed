import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { oakTasmota, twoShelfFridge } from '../helpers/adapterDevices';
import { type HoldingProxy, startHoldingProxy } from '../helpers/holdingProxy';
import { type RunningMosquitto, startMosquitto } from '../helpers/mosquitto';
import { storedReadingsOf } from '../helpers/readingsDb';
import { api, freePorts, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { eventually, tempDataDir } from '../helpers/testSystem';

/** Oak St's Tasmota scale (no seq in its format, two readings per message); message n weighs kgOf(n). */
const TOPIC = oakTasmota.topic;
const kgOf = (n: number) => (10 + n) / 10;
const sensor = (n: number) => oakTasmota.sensor(kgOf(n));
const readingsOf = (n: number) => oakTasmota.readingsOf(kgOf(n));
const readingsUpTo = (last: number) => Array.from({ length: last }, (_, i) => readingsOf(i + 1)).flat();

/** Stored and acknowledged to nobody: their PUBACKs are held by the proxy until the kill. */
const COMMITTED = 60;
/** Sent by Mosquitto after that, and never read by the server. */
const UNREAD = 20;

describe('kill -9 behind Mosquitto after the commit, before the PUBACK, for a format without seq', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let mosquitto: RunningMosquitto | null = null;
  let proxy: HoldingProxy | null = null;
  let server: ServerProcess | null = null;

  afterEach(async () => {
    await server?.kill9();
    server = null;
    await proxy?.close();
    proxy = null;
    await mosquitto?.stop();
    mosquitto = null;
    data?.remove();
    data = null;
  });

  it('stores every Tasmota message exactly once, in order: the re-delivered ones that were committed are recognised', async () => {
    data = tempDataDir();
    const dataDir = data.dir;
    const brokerDir = join(dataDir, 'mosquitto');
    mkdirSync(brokerDir);
    const broker = await startMosquitto(brokerDir);
    mosquitto = broker;
    const between = await startHoldingProxy(broker.port);
    proxy = between;
    const ports = await freePorts();
    // Small batches: the messages take several commits.
    const start = () =>
      startServerProcess({ dataDir, ...ports, env: { MQTT_URL: between.url, INGEST_MAX_BATCH: '10' } });
    server = await start();
    expect((await api(server.httpUrl, 'POST', '/api/fridges', twoShelfFridge('oak-st'))).status).toBe(201);
    // Resolves on the broker's SUBACK for the device's topics.
    const registered = await api(server.httpUrl, 'POST', '/api/devices', oakTasmota.device);
    expect(registered.status).toBe(201);

    between.holdToBroker();
    const device = await mqtt.connectAsync(broker.url, { clientId: 'oak-tasmota', protocolVersion: 4 });
    for (let n = 1; n <= COMMITTED; n += 1) await device.publishAsync(TOPIC, sensor(n), { qos: 1 });
    await eventually(
      () => expect(storedReadingsOf(dataDir, 'oak-tasmota')).toHaveLength(2 * COMMITTED),
      30_000,
    );
    between.holdToServer();
    for (let n = COMMITTED + 1; n <= COMMITTED + UNREAD; n += 1)
      await device.publishAsync(TOPIC, sensor(n), { qos: 1 });
    const firstConnection = () => (between.published[0] ?? []).filter((p) => p.topic === TOPIC);
    await eventually(() => expect(firstConnection()).toHaveLength(COMMITTED + UNREAD), 30_000);
    await server.kill9();
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual(readingsUpTo(COMMITTED));

    server = await start();
    // After the re-deliveries (Mosquitto sends a resumed session's in-flight messages first).
    const last = COMMITTED + UNREAD + 1;
    await device.publishAsync(TOPIC, sensor(last), { qos: 1 });
    await device.endAsync();
    await eventually(
      () => expect(storedReadingsOf(dataDir, 'oak-tasmota').slice(-2)).toEqual(readingsOf(last)),
      60_000,
    );
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual(readingsUpTo(last));

    // The premise, as Mosquitto did it: every message sent again, with its packet id and DUP set.
    const again = (between.published[1] ?? []).filter((p) => p.topic === TOPIC);
    expect(again.slice(0, COMMITTED + UNREAD)).toEqual(firstConnection().map((p) => ({ ...p, dup: true })));
    expect(firstConnection().every((p) => !p.dup)).toBe(true);
    expect(again.at(-1)?.dup).toBe(false);
  }, 180_000);
});
