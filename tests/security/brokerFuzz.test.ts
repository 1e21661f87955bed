import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectDeviceStillServed,
  type FuzzSystem,
  fuzzPayloadsOverMqtt,
  fuzzRawBytes,
  fuzzTopicsOverWire,
  fuzzTopicsThroughHooks,
  startFuzzSystem,
} from '../helpers/brokerFuzz';

/**
 * The broker path under hostile input, a few thousand cases per run (fixed seeds). The same
 * runners go through 100,000 cases each in `npm run test:faults` (tests/faults/fuzz.test.ts).
 */
describe('fuzzing the broker path (quick run)', () => {
  let fuzz: FuzzSystem;

  beforeAll(async () => {
    fuzz = await startFuzzSystem();
  });
  afterAll(async () => {
    await fuzz.stop();
  });

  it('acknowledges, counts by reason and otherwise ignores hostile payloads on a live connection', async () => {
    const figures = await fuzzPayloadsOverMqtt(fuzz.system, fuzz.reg, 500, 42);
    expect(figures.cases).toBe(500);
    expect(Object.keys(figures.refusedByReason).sort()).toEqual([
      'malformed-payload',
      'out-of-range',
      'payload-too-large',
      'unknown-shelf',
    ]);
  });

  it('refuses hostile topics and payloads through the publish hook exactly as the ACL rule says', async () => {
    if (!fuzz.system.broker) throw new Error('embedded broker expected');
    const figures = await fuzzTopicsThroughHooks(fuzz.system, fuzz.system.broker, fuzz.reg, 2000, 7);
    expect(figures.refusedByReason['not-authorized']).toBeGreaterThan(0);
  });

  it('acknowledges over the wire exactly the topics the ACL rule allows, one login per case', async () => {
    const figures = await fuzzTopicsOverWire(fuzz.system, fuzz.reg, 20, 11, fuzz.nextConnectWindow);
    expect(figures.cases).toBe(20);
  });

  it('shrugs off random bytes on its port and keeps serving devices', async () => {
    const port = Number(new URL(fuzz.system.mqttUrl).port);
    const figures = await fuzzRawBytes(port, 100, 99);
    expect(figures.cases).toBe(100);
    await expectDeviceStillServed(fuzz);
  });
});
