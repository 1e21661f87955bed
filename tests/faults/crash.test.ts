import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { PublishingDevice, type SentReading } from '../helpers/publishingDevice';
import { missingSeqs, readStoredSeqs } from '../helpers/readingsDb';
import { api, freePorts, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { eventually, tempDataDir } from '../helpers/testSystem';

/** Fixed seeds: each gives its own kill moments, the same on every run. */
const SEEDS = [1, 2, 3];
const KILLS_PER_SEED = 4;
/** How long the server runs before `kill -9`, per restart; drawn from the seed. */
const MIN_UPTIME_MS = 50;
const MAX_UPTIME_MS = 1500;
/** Each device sends a reading this often, also while the server is down (MQTT.js queues them). */
const PUBLISH_INTERVAL_MS = 40;

const SHELVES = [
  { id: 's1', tareKg: 2, capacityKg: 20 },
  { id: 's2', tareKg: 2, capacityKg: 20 },
  { id: 's3', tareKg: 1, capacityKg: 15 },
];

/** Device 0 sends weight, temperature and door in turn; the others weigh their own shelf. */
function readingFor(deviceIndex: number, seq: number): { topic: string; body: Record<string, unknown> } {
  const shelf = SHELVES[deviceIndex] ?? SHELVES[0];
  if (!shelf) throw new Error('no shelf');
  const kind = deviceIndex === 0 ? seq % 3 : 0;
  if (kind === 1) return { topic: 'fridges/elm-st/temperature', body: { celsius: 2 + (seq % 40) / 10 } };
  if (kind === 2) return { topic: 'fridges/elm-st/door', body: { open: seq % 2 === 0 } };
  const kg = shelf.tareKg + ((seq * 7 + deviceIndex) % (shelf.capacityKg * 10)) / 10;
  return { topic: `fridges/elm-st/shelves/${shelf.id}/weight`, body: { kg } };
}

/** The last reading of each sensor decides the final state: ts rises with seq on every device. */
function expectedFinalState(devices: PublishingDevice[]) {
  const latest = (predicate: (r: SentReading) => boolean) =>
    devices
      .flatMap((d) => d.sent)
      .filter(predicate)
      .reduce<SentReading | null>((best, r) => (best === null || r.ts > best.ts ? r : best), null);
  return {
    shelvesKg: SHELVES.map((shelf) => {
      const last = latest((r) => r.topic.endsWith(`/shelves/${shelf.id}/weight`));
      return last ? Math.round(((last.body.kg as number) - shelf.tareKg) * 1000) / 1000 : null;
    }),
    celsius: latest((r) => r.topic.endsWith('/temperature'))?.body.celsius ?? null,
    doorOpen: latest((r) => r.topic.endsWith('/door'))?.body.open ?? null,
  };
}

interface SeedFigures {
  seed: number;
  kills: number;
  sent: number;
  /** Publish attempts beyond the first per reading, by the devices' outboxes (MQTT.js replays not counted). */
  outboxResends: number;
  duplicatesRecognised: number;
  ackedBeforeKills: number;
  stored: number;
  duplicates: number;
}

describe('kill -9 of the whole server while devices publish', () => {
  const figures: SeedFigures[] = [];
  let server: ServerProcess | null = null;
  let devices: PublishingDevice[] = [];
  let data: ReturnType<typeof tempDataDir> | null = null;

  afterEach(async () => {
    for (const device of devices) await device.close();
    devices = [];
    await server?.kill9();
    server = null;
    data?.remove();
    data = null;
  });

  it.each(SEEDS)('loses no acknowledged reading and stores each exactly once (seed %i)', async (seed) => {
    data = tempDataDir();
    const dataDir = data.dir;
    const ports = await freePorts();
    const start = () => startServerProcess({ dataDir, ...ports });
    server = await start();

    const created = await api(server.httpUrl, 'POST', '/api/fridges', {
      id: 'elm-st',
      name: 'Elm St fridge',
      kind: 'fridge',
      shelves: SHELVES,
    });
    expect(created.status).toBe(201);
    for (const [index] of SHELVES.entries()) {
      const reg = await api<DeviceRegistration>(server.httpUrl, 'POST', '/api/fridges/elm-st/devices', {
        deviceId: `elm-sensor-${index}`,
      });
      expect(reg.status).toBe(201);
      devices.push(
        new PublishingDevice({
          url: server.mqttUrl,
          deviceId: reg.body.deviceId,
          password: reg.body.password,
          next: (seq) => readingFor(index, seq),
        }),
      );
    }
    for (const device of devices) device.startPublishing(PUBLISH_INTERVAL_MS);

    const uptimes = fc.sample(fc.noBias(fc.integer({ min: MIN_UPTIME_MS, max: MAX_UPTIME_MS })), {
      seed,
      numRuns: KILLS_PER_SEED,
    });
    const checkedAfterKills = new Set<string>();
    // Resends the server recognised by seq, as its health report counts them (figures only).
    let duplicatesRecognised = 0;
    const countDuplicates = async (running: ServerProcess) => {
      const health = await api<{ refusals: Record<string, number> }>(running.httpUrl, 'GET', '/api/health');
      duplicatesRecognised += health.body.refusals.duplicate ?? 0;
    };
    for (const uptimeMs of uptimes) {
      await new Promise((resolve) => setTimeout(resolve, uptimeMs));
      // What the devices were told is stored, taken just before the power goes.
      await countDuplicates(server);
      const ackedNow = devices.map((d) => ({ deviceId: d.deviceId, seqs: [...d.acked] }));
      await server.kill9();
      const onDisk = readStoredSeqs(dataDir);
      for (const { deviceId, seqs } of ackedNow) {
        expect(
          missingSeqs(seqs, onDisk.bySource.get(deviceId)),
          `acknowledged but lost (${deviceId})`,
        ).toEqual([]);
        for (const seq of seqs) checkedAfterKills.add(`${deviceId}/${seq}`);
      }
      expect(onDisk.duplicates).toEqual([]);
      server = await start();
    }

    for (const device of devices) device.stopPublishing();
    // The devices resend whatever was not acknowledged; wait until all of it is.
    await eventually(() => {
      for (const device of devices)
        expect(device.allAcked(), `${device.deviceId} has unacked readings`).toBe(true);
    }, 120_000);

    await countDuplicates(server);
    const stored = readStoredSeqs(dataDir);
    expect(stored.duplicates).toEqual([]);
    let sent = 0;
    for (const device of devices) {
      const seqs = device.sent.map((r) => r.seq);
      sent += seqs.length;
      expect(missingSeqs(seqs, stored.bySource.get(device.deviceId))).toEqual([]);
      expect(stored.bySource.get(device.deviceId)?.size).toBe(seqs.length);
    }
    expect(stored.total).toBe(sent);

    const expected = expectedFinalState(devices);
    const status = (await api<FridgeStatus>(server.httpUrl, 'GET', '/api/fridges/elm-st')).body;
    for (const [index, kg] of expected.shelvesKg.entries()) {
      expect(status.shelves[index]?.kg).toBeCloseTo(kg ?? Number.NaN, 6);
    }
    expect(status.temperature.celsius).toBeCloseTo(expected.celsius as number, 6);
    expect(status.door.open).toBe(expected.doorOpen);

    figures.push({
      seed,
      kills: uptimes.length,
      sent,
      outboxResends: devices.reduce((n, d) => n + d.attempts, 0) - sent,
      duplicatesRecognised,
      ackedBeforeKills: checkedAfterKills.size,
      stored: stored.total,
      duplicates: stored.duplicates.length,
    });
    console.info(`[crash] ${JSON.stringify(figures.at(-1))}`);
  });
});
