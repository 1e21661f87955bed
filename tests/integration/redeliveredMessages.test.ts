import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { oakTasmota, registerAdapter, twoShelfFridge } from '../helpers/adapterDevices';
import { storedReadingsOf } from '../helpers/readingsDb';
import { type ScriptedBroker, startScriptedBroker } from '../helpers/scriptedBroker';
import { eventually, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const { topic: TOPIC, sensor, readingsOf } = oakTasmota;

describe.each([
  { writer: 'the event loop', ingestWriterThread: false },
  { writer: 'the writer thread', ingestWriterThread: true },
])('a message the external broker sends again, committed on $writer', ({ ingestWriterThread }) => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let broker: ScriptedBroker | null = null;
  let system: TestSystem | null = null;

  afterEach(async () => {
    await system?.stop();
    system = null;
    await broker?.close();
    broker = null;
    data?.remove();
    data = null;
  });

  async function start(): Promise<{ system: TestSystem; broker: ScriptedBroker; dataDir: string }> {
    data ??= tempDataDir();
    broker ??= await startScriptedBroker();
    const subscribed = broker.subscribed();
    system = await startTestSystem(data.dir, { mqttUrl: broker.url, ingestWriterThread });
    await subscribed;
    return { system, broker, dataDir: data.dir };
  }

  async function site(): Promise<{ broker: ScriptedBroker; dataDir: string }> {
    const started = await start();
    await started.system.createFridge(twoShelfFridge('oak-st'));
    await registerAdapter(started.system, oakTasmota.device);
    return started;
  }

  it('DUP with a recorded packet id and the same topic and payload: acknowledged, not stored again', async () => {
    const { broker, dataDir } = await site();
    await broker.deliver(TOPIC, sensor(8), { id: 7, dup: false });
    await broker.deliver(TOPIC, sensor(8), { id: 7, dup: true });
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual(readingsOf(8));
  });

  it('a DUP that arrives while its original waits for its commit (a reconnect without a crash): stored once, both acknowledged', async () => {
    const { broker, dataDir } = await site();
    // In one turn: the original is not committed yet when the copy comes.
    const original = broker.deliver(TOPIC, sensor(8), { id: 7, dup: false });
    const copy = broker.deliver(TOPIC, sensor(8), { id: 7, dup: true });
    await Promise.all([original, copy]);
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual(readingsOf(8));
  });

  it('DUP with a packet id never recorded: stored (the server died before its commit)', async () => {
    const { broker, dataDir } = await site();
    await broker.deliver(TOPIC, sensor(8), { id: 7, dup: false });
    await broker.deliver(TOPIC, sensor(9), { id: 8, dup: true });
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual([...readingsOf(8), ...readingsOf(9)]);
  });

  it('no DUP, with a recorded packet id and the same payload: stored, a new message that repeats itself', async () => {
    const { broker, dataDir } = await site();
    await broker.deliver(TOPIC, sensor(8), { id: 7, dup: false });
    await broker.deliver(TOPIC, sensor(8), { id: 7, dup: false });
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual([...readingsOf(8), ...readingsOf(8)]);
  });

  it('DUP with a recorded packet id and another payload: stored', async () => {
    const { broker, dataDir } = await site();
    await broker.deliver(TOPIC, sensor(8), { id: 7, dup: false });
    await broker.deliver(TOPIC, sensor(9), { id: 7, dup: true });
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual([...readingsOf(8), ...readingsOf(9)]);
  });

  it('DUP whose id is after the last one committed: stored, the record is an older message with that id', async () => {
    const { broker, dataDir } = await site();
    await broker.deliver(TOPIC, sensor(8), { id: 40_000, dup: false });
    // 35,535 ids later on the ring (past 65,535 and round): 40,000 is now ahead, not behind.
    await broker.deliver(TOPIC, sensor(9), { id: 10_000, dup: false });
    await broker.deliver(TOPIC, sensor(8), { id: 40_000, dup: true });
    // Behind it across the wrap: 65,000 then 20 (55 ids on): 65,000 is recognised.
    await broker.deliver(TOPIC, sensor(10), { id: 65_000, dup: false });
    await broker.deliver(TOPIC, sensor(11), { id: 20, dup: false });
    await broker.deliver(TOPIC, sensor(10), { id: 65_000, dup: true });
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual([
      ...readingsOf(8),
      ...readingsOf(9),
      ...readingsOf(8),
      ...readingsOf(10),
      ...readingsOf(11),
    ]);
  });

  it('the record outlives a restart: a DUP after it is recognised', async () => {
    const { broker, dataDir } = await site();
    await broker.deliver(TOPIC, sensor(8), { id: 7, dup: false });
    await broker.deliver(TOPIC, sensor(9), { id: 8, dup: false });
    await system?.stop();
    system = null;
    const restarted = await start();
    await restarted.broker.deliver(TOPIC, sensor(8), { id: 7, dup: true });
    await restarted.broker.deliver(TOPIC, sensor(9), { id: 8, dup: true });
    await restarted.broker.deliver(TOPIC, sensor(10), { id: 9, dup: true });
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual([
      ...readingsOf(8),
      ...readingsOf(9),
      ...readingsOf(10),
    ]);
  });

  it('a message whose commit failed is stored when sent again, after a restart too: the older record with its id is overwritten', async () => {
    const { broker, dataDir } = await site();
    await broker.deliver(TOPIC, sensor(8), { id: 5, dup: false });
    // The broker reuses id 5 for a message that repeats the payload; its commit fails.
    const sqlite = new Database(join(dataDir, 'fridges.sqlite'));
    sqlite.exec(`CREATE TRIGGER refuse_weight_8 BEFORE INSERT ON readings WHEN NEW.value = 8
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    void broker.deliver(TOPIC, sensor(8), { id: 5, dup: false });
    await eventually(() => expect(system?.ingest.storageProblem()).not.toBeNull());
    sqlite.exec('DROP TRIGGER refuse_weight_8');
    sqlite.close();
    await broker.deliver(TOPIC, sensor(9), { id: 6, dup: false });
    // What the server kept in memory of the failure is gone.
    await system?.stop();
    system = null;
    const restarted = await start();
    await restarted.broker.deliver(TOPIC, sensor(8), { id: 5, dup: true });
    expect(storedReadingsOf(dataDir, 'oak-tasmota')).toEqual([
      ...readingsOf(8),
      ...readingsOf(9),
      ...readingsOf(8),
    ]);
  });
});
