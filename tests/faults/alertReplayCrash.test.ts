import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView } from '../../contract/alerts';
import { systemClock } from '../../server/clock';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { api, freePorts, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { connectDevice, eventually, tempDataDir } from '../helpers/testSystem';

const MINUTE = 60_000;

describe('kill -9 of the real server in the middle of a warm run', () => {
  let server: ServerProcess | null = null;
  let device: MqttClient | null = null;
  let data: ReturnType<typeof tempDataDir> | null = null;

  afterEach(async () => {
    await device?.endAsync(true);
    device = null;
    await server?.kill9();
    server = null;
    data?.remove();
    data = null;
  });

  it('the readings stored before the crash count after it: tooWarm is raised 30 min into the run, not 30 min after the restart', async () => {
    data = tempDataDir();
    const dataDir = data.dir;
    const ports = await freePorts();
    const start = () => startServerProcess({ dataDir, ...ports });
    server = await start();
    expect(
      (
        await api(server.httpUrl, 'POST', '/api/fridges', {
          id: 'elm-st',
          name: 'Elm St fridge',
          kind: 'fridge',
          shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
        })
      ).status,
    ).toBe(201);
    const reg = (await api<DeviceRegistration>(server.httpUrl, 'POST', '/api/fridges/elm-st/devices', {}))
      .body;
    // A device uploading what it buffered: a reading a minute at 6.5 °C from two hours ago (the
    // server takes `ts` up to a day old, so this is the real server's wall clock). The run's
    // instants are fixed relative to its start.
    const runStartMs = Math.floor((systemClock.nowMs() - 2 * 60 * MINUTE) / MINUTE) * MINUTE;
    const publish = async (client: MqttClient, from: number, to: number) => {
      for (let i = from; i < to; i++)
        await client.publishAsync(
          reg.topics.temperature,
          JSON.stringify({ celsius: 6.5, ts: runStartMs + i * MINUTE, seq: i + 1 }),
          { qos: 1 },
        );
    };
    device = await connectDevice(server.mqttUrl, reg);
    // 20 minutes of the run, each acknowledged once stored; then the power goes, well before
    // the rules' periodic save (a minute): their memory of the run is not on disk.
    await publish(device, 0, 20);
    await server.kill9();
    await device.endAsync(true);
    server = await start();
    device = await connectDevice(server.mqttUrl, reg);
    await publish(device, 20, 32);
    const open = await eventually(async () => {
      const res = await api<AlertView[]>(
        server?.httpUrl ?? '',
        'GET',
        '/api/alerts?status=open&fridge=elm-st',
      );
      expect(res.body.map((a) => a.type)).toEqual(['tooWarm']);
      return res.body;
    });
    expect(open[0]).toMatchObject({
      severity: 'warning',
      startedAt: new Date(runStartMs).toISOString(),
      raisedAt: new Date(runStartMs + 30 * MINUTE).toISOString(),
    });
  });
});
