import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

interface Health {
  ingest: { waiting: number; intakePaused: boolean };
  storage: { readingsStored: number };
}

/**
 * The embedded broker stops reading devices' connections while INGEST_MAX_WAITING readings wait
 * for their commit (broker/intakeGate.ts): a bound on the server's memory under a backlog, with
 * nothing refused and nothing lost, since devices hold what is not acknowledged.
 */
describe('the intake window (INGEST_MAX_WAITING)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { ingestMaxWaiting: 10 });
    await system.createFridge(elmStreet);
  });

  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  const health = async () => (await system.app.inject({ url: '/api/health' })).json() as Health;

  async function pausesCounted(): Promise<number> {
    const res = await fetch(`${system.httpUrl}/metrics`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const families = parsePrometheusTextFormat(await res.text()) as Array<{
      name: string;
      metrics: Array<{ value?: string }>;
    }>;
    return Number(families.find((f) => f.name === 'fridge_ingest_intake_pauses_total')?.metrics[0]?.value);
  }

  it('holds devices while the window is full, then stores and acknowledges every reading they sent', async () => {
    expect(await health()).toMatchObject({ ingest: { waiting: 0, intakePaused: false } });
    expect(await pausesCounted()).toBe(0);
    const devices = await Promise.all(
      ['elm-a', 'elm-b', 'elm-c'].map(async (deviceId) => {
        const reg = await system.registerDevice('elm-st', deviceId);
        return { reg, client: await connectDevice(system.mqttUrl, reg) };
      }),
    );
    // Each device sends 150 readings at once, 45 times the window between them.
    const acks = devices.flatMap(({ reg, client }) =>
      Array.from({ length: 150 }, (_, seq) =>
        client.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4 + (seq % 10) / 10, seq }), {
          qos: 1,
        }),
      ),
    );
    await Promise.all(acks);

    const after = await health();
    expect(after.storage.readingsStored).toBe(450);
    expect(after.ingest).toMatchObject({ waiting: 0, intakePaused: false });
    // The window was full at least once: the bound was exercised, not just never reached.
    expect(await pausesCounted()).toBeGreaterThan(0);
    await Promise.all(devices.map(({ client }) => client.endAsync()));
  });
});
