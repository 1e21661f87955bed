import { afterEach, describe, expect, it } from 'vitest';
import { elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

/**
 * A reading with a seq is held in ingest's in-flight map until its batch commits or fails, so a
 * resend that overtakes it is acknowledged only after it (tests/faults/storage.test.ts). The
 * commit removes the entry itself (docs/benchmarks.md §1, fifth round): none may outlive it, or
 * a server up for months would keep one per reading.
 */
describe('ingest: readings in flight', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let system: TestSystem | null = null;

  afterEach(async () => {
    await system?.stop();
    system = null;
    data?.remove();
    data = null;
  });

  const inFlightOf = (running: TestSystem) =>
    // biome-ignore lint/complexity/useLiteralKeys: TypeScript allows a private member only this way
    running.ingest['inFlight'] as Map<string, unknown>;

  it('holds each reading until its commit, answers a resend after it, and keeps none afterwards', async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir);
    await system.createFridge(elmStreet);
    const running = system;
    const source = { deviceId: null, clientId: 'probe', receivedAtMs: running.clock.nowMs() };
    const reading = (seq: number) => ({
      fridgeId: 'elm-st',
      value: { kind: 'temperature' as const, celsius: 4 + seq / 10 },
      seq,
    });

    const order: string[] = [];
    const originals = [1, 2, 3].map((seq) =>
      running.ingest.accept(reading(seq), source).then((outcome) => order.push(`${seq}:${outcome}`)),
    );
    expect(inFlightOf(running).size).toBe(3);
    // A resend of seq 2 before the batch commits waits for its original.
    const resend = running.ingest
      .accept(reading(2), source)
      .then((outcome) => order.push(`2 again:${outcome}`));
    await Promise.all([...originals, resend]);
    expect(order).toEqual(['1:stored', '2:stored', '3:stored', '2 again:duplicate']);
    expect(inFlightOf(running).size).toBe(0);
    // After the commit a resend is a duplicate at once; a reading without a seq is never held.
    await expect(running.ingest.accept(reading(3), source)).resolves.toBe('duplicate');
    const noSeq = running.ingest.accept(
      { fridgeId: 'elm-st', value: { kind: 'temperature', celsius: 5 } },
      source,
    );
    expect(inFlightOf(running).size).toBe(0);
    await expect(noSeq).resolves.toBe('stored');
    expect(running.ingest.storedReadings()).toBe(4);
  });
});
