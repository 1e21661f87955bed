import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_LIMITS } from '../../broker/connectLimiter';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import {
  FUZZ_DEVICE,
  FUZZ_FRIDGE,
  fuzzPayloadsOverMqtt,
  fuzzRawBytes,
  fuzzTopicsOverWire,
  fuzzTopicsThroughHooks,
} from '../helpers/brokerFuzz';
import {
  connectDevice,
  elmStreet,
  runningClock,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

/**
 * The broker path under hostile input, a few thousand cases per run (fixed seeds). The same
 * runners go through 100,000 cases each in `npm run test:faults` (tests/faults/fuzz.test.ts).
 */
describe('fuzzing the broker path (quick run)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let reg: DeviceRegistration;
  const clock = { offsetMs: 0 };
  const testClock = runningClock();

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(
      data.dir,
      {},
      { clock: { nowMs: () => testClock.nowMs() + clock.offsetMs } },
    );
    await system.createFridge(elmStreet);
    reg = await system.registerDevice(FUZZ_FRIDGE, FUZZ_DEVICE);
  });
  afterAll(async () => {
    await system.stop();
    data.remove();
  });

  it('acknowledges, counts by reason and otherwise ignores hostile payloads on a live connection', async () => {
    const figures = await fuzzPayloadsOverMqtt(system, reg, 500, 42);
    expect(figures.cases).toBe(500);
    expect(Object.keys(figures.refusedByReason).sort()).toEqual([
      'malformed-payload',
      'out-of-range',
      'payload-too-large',
      'unknown-shelf',
    ]);
  });

  it('refuses hostile topics and payloads through the publish hook exactly as the ACL rule says', async () => {
    if (!system.broker) throw new Error('embedded broker expected');
    const figures = await fuzzTopicsThroughHooks(system, system.broker, reg, 2000, 7);
    expect(figures.refusedByReason['not-authorized']).toBeGreaterThan(0);
  });

  it('acknowledges over the wire exactly the topics the ACL rule allows, one login per case', async () => {
    const figures = await fuzzTopicsOverWire(system, reg, 20, 11, () => {
      clock.offsetMs += DEFAULT_CONNECT_LIMITS.windowMs;
    });
    expect(figures.cases).toBe(20);
  });

  it('shrugs off random bytes on its port and keeps serving devices', async () => {
    const port = Number(new URL(system.mqttUrl).port);
    const figures = await fuzzRawBytes(port, 100, 99);
    expect(figures.cases).toBe(100);
    // Every fuzz login counted against this address; a minute later a device gets in again.
    clock.offsetMs += DEFAULT_CONNECT_LIMITS.windowMs;
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(`fridges/${FUZZ_FRIDGE}/temperature`, '{"celsius": 5}', { qos: 1 });
    await device.endAsync();
    expect((await system.fridge(FUZZ_FRIDGE)).temperature.celsius).toBe(5);
  });
});
