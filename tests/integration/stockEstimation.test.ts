import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import {
  ADMIN_TOKEN,
  connectDevice,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const oneShelf = {
  id: 'elm-st',
  name: 'Elm St fridge',
  kind: 'fridge',
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
};

describe('the stock estimator on the spine', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { timeZone: 'UTC' });
    await system.createFridge(oneShelf);
  });
  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  /** A visit as a real fridge reports it: door, hands on the shelf, door closed, shelf settles. */
  async function visit(
    publish: (topic: string, payload: string) => Promise<void>,
    topics: { door: string; shelf: string },
    afterKg: number,
  ) {
    await publish(topics.door, 'open');
    for (const kg of [afterKg + 3.1, afterKg - 1.7, afterKg + 0.4])
      await publish(topics.shelf, JSON.stringify({ kg: kg + 2 }));
    await publish(topics.door, 'closed');
    for (const noise of [0.004, -0.006, 0.002, -0.001, 0.005, -0.003]) {
      await publish(topics.shelf, JSON.stringify({ kg: afterKg + 2 + noise }));
    }
  }

  it('measures a visit as one door session, shows it in the status and the sessions API, and survives a restart', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const publish = async (topic: string, payload: string) => {
      await device.publishAsync(topic, payload, { qos: 1 });
    };
    const topics = { door: reg.topics.door, shelf: reg.topics.shelves.s1 as string };
    await publish(topics.door, 'closed');
    for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004]) {
      await publish(topics.shelf, JSON.stringify({ kg: 12 + noise }));
    }
    const settled = await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.stock.uncertaintyKg).not.toBeNull();
      return status;
    });
    expect(settled.stock.kg).toBeCloseTo(10, 1);
    expect(settled.stock.meals).toBe(20);

    await visit(publish, topics, 7);
    const after = await eventually(async () => {
      const status = await system.fridge('elm-st');
      expect(status.activity.today.visits).toBe(1);
      return status;
    });
    expect(after.stock.kg).toBeCloseTo(7, 1);
    expect(after.activity.today.takenKg).toBeCloseTo(3, 1);
    const sessions = (await system.app.inject({ url: '/api/fridges/elm-st/sessions' })).json();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ source: 'door', addedKg: 0 });
    expect(sessions[0].takenKg).toBeCloseTo(3, 1);
    expect(sessions[0].shelves[0].shelfId).toBe('s1');
    const activity = (await system.app.inject({ url: '/api/activity' })).json();
    expect(activity.network.today.visits).toBe(1);
    const history = (await system.app.inject({ url: '/api/fridges/elm-st/stock-history' })).json();
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.at(-1).kg).toBeCloseTo(7, 1);
    await device.endAsync();

    const before = await system.fridge('elm-st');
    const clock = system.clock;
    await system.stop();
    // The same clock, still running: a restart does not turn time back.
    system = await startTestSystem(data.dir, { timeZone: 'UTC' }, { clock });
    const restarted = await system.fridge('elm-st');
    expect(restarted.stock.kg).toBe(before.stock.kg);
    expect(restarted.activity).toEqual(before.activity);
    expect((await system.app.inject({ url: '/api/fridges/elm-st/sessions' })).json()).toHaveLength(1);
  });

  it('re-bases at once when an organiser tares a shelf, and refuses calibration without the token', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.door, 'closed', { qos: 1 });
    for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004]) {
      await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 5 + noise }), {
        qos: 1,
      });
    }
    await eventually(async () => expect((await system.fridge('elm-st')).stock.uncertaintyKg).not.toBeNull());
    const refused = await system.app.inject({ method: 'POST', url: '/api/fridges/elm-st/shelves/s1/tare' });
    expect(refused.statusCode).toBe(401);
    const unknown = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/shelves/s9/tare',
      headers: auth,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('SHELF_NOT_FOUND');

    const tared = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/shelves/s1/tare',
      headers: auth,
    });
    expect(tared.statusCode).toBe(200);
    const status = tared.json() as FridgeStatus;
    expect(status.shelves[0]?.tareKg).toBeCloseTo(5, 1);
    expect(status.stock.kg).toBeCloseTo(0, 1);
    expect(status.stock.level).toBe('empty');

    const capacity = await system.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/shelves/s1/capacity',
      headers: auth,
      payload: { capacityKg: 0 },
    });
    expect(capacity.statusCode).toBe(400);
    expect(capacity.json().error.message).toMatch(/capacityKg/);
    await device.endAsync();
  });
  it('refuses "Mark full" with a reason and changes nothing when the shelf has no reading or nothing above its tare', async () => {
    const markFull = () =>
      system.app.inject({ method: 'POST', url: '/api/fridges/elm-st/shelves/s1/mark-full', headers: auth });
    const unread = await markFull();
    expect(unread.statusCode).toBe(409);
    expect(unread.json().error).toEqual({
      code: 'SHELF_NOT_MARKABLE_FULL',
      message: 'shelf "s1" cannot be marked full: it has sent no weight reading yet',
    });

    // The shelf reads 1.5 kg, below its 2 kg tare (which re-bases there): nothing on it to call "full".
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004]) {
      await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 1.5 + noise }), {
        qos: 1,
      });
    }
    await eventually(async () => expect((await system.fridge('elm-st')).stock.uncertaintyKg).not.toBeNull());
    const before = await system.fridge('elm-st');
    const empty = await markFull();
    expect(empty.statusCode, empty.body).toBe(409);
    expect(empty.json().error.code).toBe('SHELF_NOT_MARKABLE_FULL');
    expect(empty.json().error.message).toMatch(
      /: its reading \(1\.5 kg\) is not above its tare \(1\.5 kg\): load it first$/,
    );
    expect((await system.fridge('elm-st')).shelves[0]?.capacityKg).toBe(before.shelves[0]?.capacityKg);

    // Loaded to 14 kg gross, it can be marked full: 12.5 kg above the (re-based) tare is its capacity.
    for (const noise of [0.003, -0.004, 0.001, 0.002, -0.002, 0.004]) {
      await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 14 + noise }), {
        qos: 1,
      });
    }
    await eventually(async () => expect((await system.fridge('elm-st')).shelves[0]?.kg).toBeGreaterThan(10));
    const full = await markFull();
    expect(full.statusCode).toBe(200);
    expect((full.json() as FridgeStatus).shelves[0]?.capacityKg).toBeCloseTo(12.5, 1);
    await device.endAsync();
  });
});
