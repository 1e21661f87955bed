import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import type { FridgeStatus } from '../../contract/api';
import type { Clock } from '../../server/clock';
import { type Config, loadConfig } from '../../server/config';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { type RunningSystem, type SystemOptions, startSystem } from '../../server/system';

// Kept importable from here too: many suites take it with the system they start.
export { eventually } from './eventually';

export const silentLogger = pino({ level: 'silent' });
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fridge-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Tuesday 1 December 2026, 10:00 UTC: where a test system's clock starts unless the test chooses
 * another instant. "Today", active hours and quiet hours never depend on when the suite runs.
 */
export const TEST_START_MS = Date.UTC(2026, 11, 1, 10, 0);

/**
 * A clock that starts at a fixed instant and then runs at the real pace (the monotonic clock), for
 * tests where real timers must fire (settle windows, reconnects) but dates and hours must not vary.
 */
export function runningClock(startMs: number = TEST_START_MS): Clock {
  const startedAt = performance.now();
  return { nowMs: () => startMs + Math.floor(performance.now() - startedAt) };
}

export interface TestSystem extends RunningSystem {
  /** The system's clock: devices in tests stamp `ts` from it, never from the wall clock. */
  clock: Clock;
  createFridge(body: object): Promise<FridgeStatus>;
  registerDevice(fridgeId: string, deviceId?: string): Promise<DeviceRegistration>;
  fridge(id: string): Promise<FridgeStatus>;
}

/** The real system on free ports, a real SQLite file, no demo site, in UTC on a clock from TEST_START_MS. */
export async function startTestSystem(
  dataDir: string,
  overrides: Partial<Config> = {},
  extra: Partial<SystemOptions> = {},
): Promise<TestSystem> {
  const config = loadConfig(
    {},
    {
      httpPort: 0,
      httpHost: '127.0.0.1',
      mqttPort: 0,
      mqttHost: '127.0.0.1',
      dataDir,
      demo: false,
      adminToken: ADMIN_TOKEN,
      timeZone: 'UTC',
      ...overrides,
    },
  );
  const clock = extra.clock ?? runningClock();
  const system = await startSystem({ config, logger: silentLogger, ...extra, clock });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  return {
    ...system,
    clock,
    async createFridge(body) {
      const res = await system.app.inject({
        method: 'POST',
        url: '/api/fridges',
        headers: auth,
        payload: body,
      });
      if (res.statusCode !== 201) throw new Error(`create fridge: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async registerDevice(fridgeId, deviceId) {
      const res = await system.app.inject({
        method: 'POST',
        url: `/api/fridges/${fridgeId}/devices`,
        headers: auth,
        payload: deviceId ? { deviceId } : {},
      });
      if (res.statusCode !== 201) throw new Error(`register device: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async fridge(id) {
      const res = await system.app.inject({ method: 'GET', url: `/api/fridges/${id}` });
      return res.json();
    },
  };
}

export const elmStreet = {
  id: 'elm-st',
  name: 'Elm St fridge',
  kind: 'fridge',
  shelves: [
    { id: 's1', tareKg: 2, capacityKg: 20 },
    { id: 's2', tareKg: 2, capacityKg: 20 },
  ],
};

/** A device connected as real firmware would: its own credentials, QoS 1, persistent session. */
export async function connectDevice(
  url: string,
  registration: { username: string; password: string },
  extra: mqtt.IClientOptions = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username: registration.username,
    password: registration.password,
    clientId: registration.username,
    protocolVersion: 4,
    clean: false,
    reconnectPeriod: 0,
    ...extra,
  });
}
