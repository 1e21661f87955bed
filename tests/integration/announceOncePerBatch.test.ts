import { afterEach, describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import type { DeviceMessage } from '../../contract/payloads';
import { elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

/**
 * A batch's readings change a fridge's state and then, through the estimator, its estimate: the
 * status is described and announced once per fridge per batch, after both (docs/benchmarks.md §1,
 * sixth round). The live feed and the retained state follow `fridgeStateChanged`, so what they get
 * must be the status as it stands after the batch, and a batch that changes a fridge must still
 * announce it.
 */
describe('ingest: one announcement per fridge per batch', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let system: TestSystem | null = null;

  afterEach(async () => {
    await system?.stop();
    system = null;
    data?.remove();
    data = null;
  });

  it('announces each changed fridge once, with the status after its readings and estimate', async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
    await system.createFridge({ ...elmStreet, id: 'oak-st', name: 'Oak St fridge' });
    const running = system;
    const announced: Array<{ fridgeId: string; status: FridgeStatus }> = [];
    running.bus.on('fridgeStateChanged', 'test', (event) => announced.push(event));
    const source = () => ({ deviceId: null, clientId: 'probe', receivedAtMs: running.clock.nowMs() });
    const batch = async (messages: DeviceMessage[]) => {
      announced.length = 0;
      await Promise.all(messages.map((m) => running.ingest.accept(m, source())));
      return announced.map((a) => a.fridgeId);
    };
    const weight = (fridgeId: string, shelfId: string, kg: number): DeviceMessage => ({
      fridgeId,
      value: { kind: 'weight', shelfId, kg },
    });

    expect(await batch([{ fridgeId: 'elm-st', value: { kind: 'door', open: false } }])).toEqual(['elm-st']);
    // Both shelves of one fridge, a temperature of the other: one announcement each.
    const ids = await batch([
      weight('elm-st', 's1', 7),
      weight('elm-st', 's2', 5),
      { fridgeId: 'oak-st', value: { kind: 'temperature', celsius: 4 } },
      weight('elm-st', 's1', 7.5),
    ]);
    expect(ids).toEqual(['elm-st', 'oak-st']);
    // What was announced is the status as it stands now (state and estimate), not a step before it.
    for (const { fridgeId, status } of announced) {
      expect(status).toEqual(running.catalog.status(fridgeId));
      expect(status).toEqual(await running.fridge(fridgeId));
    }
    const elm = announced[0]?.status;
    expect(elm?.shelves.map((s) => s.grossKg)).toEqual([7.5, 5]);
    expect(announced[1]?.status.temperature.celsius).toBe(4);
    // A feature that changes what the status shows while it takes a reading (the alert rules
    // raising an alert, the estimator's new figures) joins the batch's one announcement.
    const off = running.bus.on('readingAccepted', 'test', ({ fridgeId }) =>
      running.catalog.refresh(fridgeId),
    );
    expect(await batch([weight('elm-st', 's1', 6), weight('elm-st', 's2', 4)])).toEqual(['elm-st']);
    expect(announced[0]?.status).toEqual(await running.fridge('elm-st'));
    off();
    // A fridge no reading touched is not announced; the next reading of one is.
    expect(await batch([weight('oak-st', 's2', 3)])).toEqual(['oak-st']);
  });

  it('announces at once what changes outside a batch (an alert, an organiser edit)', async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
    const running = system;
    const announced: string[] = [];
    running.bus.on('fridgeStateChanged', 'test', ({ fridgeId }) => announced.push(fridgeId));
    running.catalog.refresh('elm-st');
    expect(announced).toEqual(['elm-st']);
    // Nested: announced once, when the outer call ends.
    running.catalog.announcingOnce(() => {
      running.catalog.refresh('elm-st');
      running.catalog.announcingOnce(() => running.catalog.refresh('elm-st'));
      expect(announced).toEqual(['elm-st']);
    });
    expect(announced).toEqual(['elm-st', 'elm-st']);
  });
});
