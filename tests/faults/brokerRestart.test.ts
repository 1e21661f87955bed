import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningMosquitto, startMosquitto } from '../helpers/mosquitto';
import { PublishingDevice } from '../helpers/publishingDevice';
import { missingSeqs, readStoredSeqs } from '../helpers/readingsDb';
import { eventually, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const SEED = 4;
const RESTARTS = 5;
const SHELVES = ['s1', 's2', 's3'];

describe('an external Mosquitto restarting under the server and the devices', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let mosquitto: RunningMosquitto | null = null;
  let system: TestSystem | null = null;
  const devices: PublishingDevice[] = [];

  afterEach(async () => {
    for (const device of devices.splice(0)) await device.close();
    await system?.stop();
    await mosquitto?.stop();
    data?.remove();
  });

  it('loses nothing and stores each reading once across restarts on the same port and persistence', async () => {
    data = tempDataDir();
    const brokerDir = join(data.dir, 'mosquitto');
    mkdirSync(brokerDir);
    mosquitto = await startMosquitto(brokerDir);
    const { port, url } = mosquitto;
    const started = await startTestSystem(data.dir, { mqttUrl: url });
    system = started;
    await started.createFridge({
      id: 'elm-st',
      name: 'Elm St fridge',
      kind: 'fridge',
      shelves: SHELVES.map((id) => ({ id, tareKg: 1, capacityKg: 20 })),
    });
    // On an external broker the server counts seq per topic: one shelf topic per device.
    for (const [index, shelf] of SHELVES.entries()) {
      devices.push(
        new PublishingDevice({
          url,
          deviceId: `elm-scale-${index}`,
          password: null,
          clock: started.clock,
          next: (seq) => ({
            topic: `fridges/elm-st/shelves/${shelf}/weight`,
            body: { kg: 1 + (seq % 150) / 10 },
          }),
        }),
      );
    }
    for (const device of devices) device.startPublishing(40);

    const pauses = fc.sample(fc.noBias(fc.integer({ min: 300, max: 2000 })), {
      seed: SEED,
      numRuns: RESTARTS,
    });
    for (const pauseMs of pauses) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      // A service restart (upgrade, config change): Mosquitto saves its persistence file on SIGTERM.
      await mosquitto.stop();
      mosquitto = await startMosquitto(brokerDir, port);
    }

    for (const device of devices) device.stopPublishing();
    await eventually(() => {
      for (const device of devices) expect(device.allAcked(), device.deviceId).toBe(true);
    }, 120_000);
    const dataDir = data.dir;
    // Acknowledged by Mosquitto is not yet stored by the server: it drains its queue after a reconnect.
    const sent = devices.reduce((n, d) => n + d.sent.length, 0);
    await eventually(() => expect(readStoredSeqs(dataDir).total).toBe(sent), 120_000);
    const stored = readStoredSeqs(dataDir);
    expect(stored.duplicates).toEqual([]);
    for (const [index, device] of devices.entries()) {
      const topic = `fridges/elm-st/shelves/${SHELVES[index]}/weight`;
      expect(
        missingSeqs(
          device.sent.map((r) => r.seq),
          stored.bySource.get(topic),
        ),
      ).toEqual([]);
    }
    const runningSystem = system;
    await eventually(async () => {
      const health = await runningSystem.app.inject({ url: '/api/health' });
      expect(health.json()).toMatchObject({ status: 'ok', broker: { ok: true, mode: 'external' } });
    }, 30_000);
    console.info(
      `[broker-restart] ${JSON.stringify({
        restarts: RESTARTS,
        sent,
        publishAttempts: devices.reduce((n, d) => n + d.attempts, 0),
        stored: stored.total,
        duplicates: stored.duplicates.length,
        duplicatesRecognised: runningSystem.ingest.counters().duplicate ?? 0,
      })}`,
    );
  });
});
