import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectDevice,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

/**
 * Issue 14: a fridge whose scale reports whole kilograms (Tasmota `WeightRes 0`) says how
 * uncertain its activity figures are, through the real server: MQTT in, the API out.
 */
describe('activity from a whole-kilogram scale', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { timeZone: 'UTC' });
    await system.createFridge({
      id: 'elm-st',
      name: 'Elm St fridge',
      kind: 'fridge',
      shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
    });
  });
  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  it('carries a ± on kg shared in the status, /api/activity and the network summary', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const publish = async (topic: string, payload: string) => {
      await device.publishAsync(topic, payload, { qos: 1 });
    };
    const shelf = reg.topics.shelves.s1 as string;
    await publish(reg.topics.door, 'closed');
    // Twenty readings show the scale's step (docs/estimation.md, "Coarse scales").
    for (let i = 0; i < 24; i += 1) await publish(shelf, JSON.stringify({ kg: 12 }));
    await eventually(async () => expect((await system.fridge('elm-st')).stock.kg).toBe(10));

    await publish(reg.topics.door, 'open');
    for (const kg of [15, 9, 11]) await publish(shelf, JSON.stringify({ kg }));
    await publish(reg.topics.door, 'closed');
    for (let i = 0; i < 6; i += 1) await publish(shelf, JSON.stringify({ kg: 9 }));

    const status = await eventually(async () => {
      const fridge = await system.fridge('elm-st');
      expect(fridge.activity.today.visits).toBe(1);
      return fridge;
    });
    expect(status.activity.today.takenKg).toBe(3);
    // One run of takes on one whole-kg shelf: two sigma of step/√6 = 0.82 kg.
    expect(status.activity.today.rounding).toEqual({ takenKg: 0.82, addedKg: 0, scaleStepKg: 1 });
    expect(status.activity.week.rounding).toEqual({ takenKg: 0.82, addedKg: 0, scaleStepKg: 1 });
    const activity = (await system.app.inject({ url: '/api/activity' })).json();
    expect(activity.network.today).toEqual({
      visits: 1,
      takenKg: 3,
      addedKg: 0,
      rounding: { takenKg: 0.82, addedKg: 0, scaleStepKg: 1 },
    });
    expect(activity.fridges['elm-st'].week.rounding.takenKg).toBe(0.82);
    // The network figures (dashboard /network) carry the same ± on kg shared.
    const summary = (await system.app.inject({ url: '/api/network/summary?step=month' })).json();
    const month = summary.periods.at(-1);
    expect(month.fridges['elm-st']).toMatchObject({
      kgShared: 3,
      rounding: { kgShared: 0.82, scaleStepKg: 1 },
    });
    expect(month.total.rounding).toEqual({ kgShared: 0.82, scaleStepKg: 1 });
    expect(summary.fridges['elm-st'].total.rounding).toEqual({ kgShared: 0.82, scaleStepKg: 1 });
    await device.endAsync();
  });
});
