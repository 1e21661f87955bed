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

/** Fixed counts and seeds: the same cases on every run. tests/security/brokerFuzz.test.ts runs a few thousand. */
const PAYLOAD_CASES = 100_000;
const HOOK_CASES = 100_000;
const WIRE_TOPIC_CASES = 300;
const RAW_BYTE_CASES = 2_000;

describe('fuzzing the broker path (fixed-count run)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let reg: DeviceRegistration;
  const clock = { offsetMs: 0 };
  const testClock = runningClock();
  const nextWindow = () => {
    clock.offsetMs += DEFAULT_CONNECT_LIMITS.windowMs;
  };

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

  it(`${PAYLOAD_CASES} hostile payloads on one live connection`, async () => {
    const figures = await fuzzPayloadsOverMqtt(system, reg, PAYLOAD_CASES, 20261129);
    expect(figures.cases).toBe(PAYLOAD_CASES);
    console.info(`[fuzz] payloads over MQTT ${JSON.stringify(figures)}`);
  });

  it(`${HOOK_CASES} hostile topics and payloads through the publish hook`, async () => {
    if (!system.broker) throw new Error('embedded broker expected');
    const figures = await fuzzTopicsThroughHooks(system, system.broker, reg, HOOK_CASES, 20261130);
    expect(figures.cases).toBe(HOOK_CASES);
    console.info(`[fuzz] topics through hooks ${JSON.stringify(figures)}`);
  });

  it(`${WIRE_TOPIC_CASES} hostile topics over the wire, one login each`, async () => {
    const figures = await fuzzTopicsOverWire(system, reg, WIRE_TOPIC_CASES, 20261201, nextWindow);
    expect(figures.cases).toBe(WIRE_TOPIC_CASES);
    console.info(`[fuzz] topics over the wire ${JSON.stringify(figures)}`);
  });

  it(`${RAW_BYTE_CASES} random byte streams on the MQTT port, and the broker still serves`, async () => {
    const port = Number(new URL(system.mqttUrl).port);
    const figures = await fuzzRawBytes(port, RAW_BYTE_CASES, 20261202);
    expect(figures.cases).toBe(RAW_BYTE_CASES);
    console.info(`[fuzz] raw bytes ${JSON.stringify(figures)}`);
    nextWindow();
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(`fridges/${FUZZ_FRIDGE}/temperature`, '{"celsius": 5}', { qos: 1 });
    await device.endAsync();
    expect((await system.fridge(FUZZ_FRIDGE)).temperature.celsius).toBe(5);
    const health = await system.app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
  });
});
