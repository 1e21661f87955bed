import { afterEach, describe, expect, it } from 'vitest';
import { startDemoSimulation } from '../../server/demo/demoSimulation';
import {
  ADMIN_TOKEN,
  eventually,
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
    system = await startTestSystem(data.dir, { demo: null }, { startDemoSimulation });
    expect(system.demo).toBe(true);
    const fridges = (await system.app.inject({ url: '/api/fridges' })).json() as Array<{
      kind: string;
      simulated: boolean;
    }>;
    expect(fridges.filter((f) => f.kind === 'fridge')).toHaveLength(6);
    expect(fridges.filter((f) => f.kind === 'pantry')).toHaveLength(1);
    expect(fridges.every((f) => f.simulated)).toBe(true);
    expect((await system.app.inject({ url: '/api/health' })).json().demo).toBe(true);
    // The devices were registered through the organiser's path and connect with those credentials.
    await eventually(async () => {
      const list = (await system?.app.inject({ url: '/api/fridges' }))?.json() as Array<{
        online: boolean;
        stock: { kg: number | null };
      }>;
      expect(list.every((f) => f.online && f.stock.kg !== null)).toBe(true);
    }, 20_000);
    // The scripted power cut: its buffered upload is judged in measured time, critical at once.
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    await eventually(async () => {
      const open = (await system?.app.inject({ url: '/api/alerts?status=open', headers: auth }))?.json();
      expect(open).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ fridgeId: 'oak-ave', type: 'tooWarm', severity: 'critical' }),
        ]),
      );
    }, 20_000);
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
  });

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
