import { afterEach, describe, expect, it } from 'vitest';
import { type SimulationHandle, STILL_PROFILE, startSimulation } from '../../firmware-sim';
import { DEMO_ACK_AFTER_MS, INCIDENT_PLANS, startDemoAcknowledger } from '../../server/demo/demoIncidents';
import { startDemoSimulation } from '../../server/demo/demoSimulation';
import { type AlertSite, startAlertSite } from '../helpers/alertParts';
import { TestClock } from '../helpers/testClock';
import {
  ADMIN_TOKEN,
  elmStreet,
  eventually,
  silentLogger,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

describe('the first start', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem | null = null;

  afterEach(async () => {
    await system?.stop();
    system = null;
    data.remove();
  });

  it('creates a labelled demo site whose simulated devices publish, on every start', async () => {
    data = tempDataDir();
    // This test polls organiser routes every 20 ms while the demo runs: more than a person would.
    system = await startTestSystem(
      data.dir,
      { demo: null, rateLimitOrganiserPerMinute: 100_000 },
      { startDemoSimulation },
    );
    expect(system.demo).toBe(true);
    const fridges = (await system.app.inject({ url: '/api/fridges' })).json() as Array<{
      kind: string;
      simulated: boolean;
    }>;
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect(fridges.filter((f) => f.kind === 'fridge')).toHaveLength(6);
    expect(fridges.filter((f) => f.kind === 'pantry')).toHaveLength(1);
    expect(fridges.every((f) => f.simulated)).toBe(true);
    expect((await system.app.inject({ url: '/api/health' })).json().demo).toBe(true);
    // The devices were registered through the organiser's path and connect with those credentials.
    await eventually(async () => {
      const list = (await system?.app.inject({ url: '/api/fridges' }))?.json() as Array<{
        online: boolean;
        shelves: unknown[];
        stock: { kg: number | null };
      }>;
      expect(list.every((f) => f.online)).toBe(true);
      // Door-and-probe fridges (Zigbee2MQTT, Shelly) weigh nothing: every other one has a stock.
      expect(list.filter((f) => f.shelves.length > 0).every((f) => f.stock.kg !== null)).toBe(true);
      // Tasmota reports its probe and scale every TelePeriod (30 s, the ready configuration's).
    }, 60_000);
    // One fridge of each other kind, fed through its adapter with the simulator's default names.
    const adapterFed = [
      { fridgeId: 'elm-st', deviceId: 'elm-st-shelly', kind: 'shelly', weighs: false },
      { fridgeId: 'harbour-rd', deviceId: 'harbour-rd-zigbee2mqtt', kind: 'zigbee2mqtt', weighs: false },
      { fridgeId: 'market-sq', deviceId: 'market-sq-esphome', kind: 'esphome', weighs: true },
      { fridgeId: 'mill-lane', deviceId: 'mill-lane-tasmota', kind: 'tasmota', weighs: true },
    ];
    for (const { fridgeId, deviceId, kind, weighs } of adapterFed) {
      await eventually(async () => {
        const fridge = (await system?.app.inject({ url: `/api/fridges/${fridgeId}` }))?.json();
        expect(fridge.online).toBe(true);
        expect(fridge.temperature.celsius, fridgeId).toEqual(expect.any(Number));
        expect(fridge.door.open, fridgeId).toEqual(expect.any(Boolean));
        if (weighs) expect(fridge.stock.kg).toEqual(expect.any(Number));
      }, 10_000);
      const device = (await system.app.inject({ url: `/api/devices/${deviceId}`, headers: auth })).json();
      expect(device).toMatchObject({ kind, fridgeIds: [fridgeId], revoked: false, lastRefusal: null });
      const sources = (
        await system.app.inject({ url: `/api/devices/${deviceId}/sources`, headers: auth })
      ).json() as Array<{ bound: boolean }>;
      expect(sources.length).toBeGreaterThan(0);
      expect(sources.every((s) => s.bound)).toBe(true);
    }
    // Nothing any device sent was refused as an adapter refuses: every source is bound and read.
    const refusals = (await system.app.inject({ url: '/api/health' })).json().refusals as Record<
      string,
      number
    >;
    expect(refusals).toEqual({});
    // The scripted power cut: its buffered upload is judged in measured time, critical at once.
    await eventually(async () => {
      const open = (await system?.app.inject({ url: '/api/alerts?status=open', headers: auth }))?.json();
      expect(open).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ fridgeId: 'oak-ave', type: 'tooWarm', severity: 'critical' }),
        ]),
      );
      // The sensor uploads 135 buffered minutes one QoS 1 message at a time: slow on a busy machine.
    }, 60_000);
    // Demo volunteers exist so notices have recipients; their addresses never resolve.
    const volunteers = (await system.app.inject({ url: '/api/volunteers', headers: auth })).json() as Array<{
      channels: Array<{ address?: string }>;
    }>;
    expect(volunteers.length).toBeGreaterThan(0);
    expect(volunteers.flatMap((v) => v.channels).every((c) => c.address?.endsWith('.invalid'))).toBe(true);
    const clock = system.clock;
    await system.stop();

    system = await startTestSystem(data.dir, { demo: null }, { startDemoSimulation, clock });
    expect(system.demo).toBe(true);
    expect((await system.app.inject({ url: '/api/fridges' })).json()).toHaveLength(7);
    await eventually(async () => {
      const list = (await system?.app.inject({ url: '/api/fridges' }))?.json() as Array<{ online: boolean }>;
      expect(list.every((f) => f.online)).toBe(true);
    }, 20_000);
  }, 200_000);

  it('with DEMO=0 makes a real site that never runs the simulator, even if DEMO is set later', async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { demo: false }, { startDemoSimulation });
    expect(system.demo).toBe(false);
    expect((await system.app.inject({ url: '/api/fridges' })).json()).toEqual([]);
    const clock = system.clock;
    await system.stop();
    system = await startTestSystem(data.dir, { demo: true }, { startDemoSimulation, clock });
    expect(system.demo).toBe(false);
    expect((await system.app.inject({ url: '/api/fridges' })).json()).toEqual([]);
    expect((await system.app.inject({ url: '/api/health' })).json()).toMatchObject({
      demo: false,
      broker: { connectedClients: 1 },
    });
  });
});

describe('the demo organiser', () => {
  /** Tuesday 1 December 2026, 09:00 UTC, whatever the wall clock says. */
  const T0 = Date.UTC(2026, 11, 1, 9, 0);
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  let data: ReturnType<typeof tempDataDir>;
  let parts: AlertSite | null = null;
  let simulation: SimulationHandle | null = null;

  afterEach(async () => {
    await simulation?.stop();
    simulation = null;
    await parts?.stop();
    parts = null;
    data.remove();
  });

  it('acknowledges the power cut through the alerts feature 5 min after it turned critical, with the action noted', async () => {
    data = tempDataDir();
    const clock = new TestClock(T0);
    parts = await startAlertSite(data.dir, clock);
    const { system, alerts, reg } = parts;
    const changes: string[] = [];
    system.bus.on('alertChanged', 'test', ({ change, severity }) => changes.push(`${change}:${severity}`));
    const organiser = startDemoAcknowledger({
      bus: system.bus,
      clock,
      alerts,
      logger: silentLogger,
      fridgeId: 'elm-st',
    });
    try {
      // The demo's power cut, played by the simulator on the test fridge: its upload arrives at T0.
      const { deviceId, username, password } = reg;
      simulation = await startSimulation({
        mqttUrl: system.mqttUrl,
        fridges: [
          {
            fridgeId: 'elm-st',
            kind: 'fridge',
            shelves: elmStreet.shelves,
            device: { deviceId, username, password },
            profile: STILL_PROFILE,
            ...INCIDENT_PLANS.powerCut,
          },
        ],
        speed: 1,
        seed: 1,
        clock,
        startMs: T0,
        utcOffsetMinutes: 0,
        tickMs: 10,
      });
      await eventually(() => expect(changes).toEqual(['raised:warning', 'escalated:critical']), 30_000);
      clock.advance(DEMO_ACK_AFTER_MS - 1);
      organiser.runDue();
      expect(changes).toEqual(['raised:warning', 'escalated:critical']);
      clock.advance(1);
      organiser.runDue();
      expect(changes).toEqual(['raised:warning', 'escalated:critical', 'acknowledged:critical']);
      const [alert] = (
        await system.app.inject({ url: '/api/alerts?fridge=elm-st&status=open', headers: auth })
      ).json() as Array<{ status: string; acknowledgement: unknown }>;
      expect(alert).toMatchObject({
        status: 'acknowledged',
        acknowledgement: {
          by: 'Demo organiser',
          at: new Date(T0 + DEMO_ACK_AFTER_MS).toISOString(),
          note: 'Moved the food to the Elm St fridge',
        },
      });
      // Once only.
      clock.advance(DEMO_ACK_AFTER_MS);
      organiser.runDue();
      expect(changes).toHaveLength(3);
    } finally {
      organiser.stop();
    }
  });
});
