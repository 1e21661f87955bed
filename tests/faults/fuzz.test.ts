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

/** Fixed counts and seeds: the same cases on every run. tests/security/brokerFuzz.test.ts runs a few thousand. */
const PAYLOAD_CASES = 100_000;
const HOOK_CASES = 100_000;
const WIRE_TOPIC_CASES = 300;
const RAW_BYTE_CASES = 2_000;

describe('fuzzing the broker path (fixed-count run)', () => {
  let fuzz: FuzzSystem;

  beforeAll(async () => {
    fuzz = await startFuzzSystem();
  });
  afterAll(async () => {
    await fuzz.stop();
  });

  it(`${PAYLOAD_CASES} hostile payloads on one live connection`, async () => {
    const figures = await fuzzPayloadsOverMqtt(fuzz.system, fuzz.reg, PAYLOAD_CASES, 20261129);
    expect(figures.cases).toBe(PAYLOAD_CASES);
    console.info(`[fuzz] payloads over MQTT ${JSON.stringify(figures)}`);
  });

  it(`${HOOK_CASES} hostile topics and payloads through the publish hook`, async () => {
    if (!fuzz.system.broker) throw new Error('embedded broker expected');
    const figures = await fuzzTopicsThroughHooks(
      fuzz.system,
      fuzz.system.broker,
      fuzz.reg,
      HOOK_CASES,
      20261130,
    );
    expect(figures.cases).toBe(HOOK_CASES);
    console.info(`[fuzz] topics through hooks ${JSON.stringify(figures)}`);
  });

  it(`${WIRE_TOPIC_CASES} hostile topics over the wire, one login each`, async () => {
    const figures = await fuzzTopicsOverWire(
      fuzz.system,
      fuzz.reg,
      WIRE_TOPIC_CASES,
      20261201,
      fuzz.nextConnectWindow,
    );
    expect(figures.cases).toBe(WIRE_TOPIC_CASES);
    console.info(`[fuzz] topics over the wire ${JSON.stringify(figures)}`);
  });

  it(`${RAW_BYTE_CASES} random byte streams on the MQTT port, and the broker still serves`, async () => {
    const port = Number(new URL(fuzz.system.mqttUrl).port);
    const figures = await fuzzRawBytes(port, RAW_BYTE_CASES, 20261202);
    expect(figures.cases).toBe(RAW_BYTE_CASES);
    console.info(`[fuzz] raw bytes ${JSON.stringify(figures)}`);
    await expectDeviceStillServed(fuzz);
    const health = await fuzz.system.app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
  });
});
