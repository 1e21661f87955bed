import type { FastifyInstance } from 'fastify';
import { SERVER_CLIENT_ID } from '../../contract/ids';
import { ServerMqttClient } from '../../server/adapters/serverMqttClient';
import { buildApp } from '../../server/api/app';
import type { HealthReport } from '../../server/api/routes/health';
import type { Clock } from '../../server/clock';
import { type Config, loadConfig } from '../../server/config';
import { EventBus } from '../../server/eventBus';
import type { FeatureContext, FeatureFactory, FeatureModule } from '../../server/featureModule';
import { FridgeCatalog } from '../../server/features/fridgeCatalog';
import { NotificationService } from '../../server/features/notifications';
import { SiteAdmin } from '../../server/features/siteAdmin';
import { SiteAddress } from '../../server/siteAddress';
import { type Db, openMemoryDatabase } from '../../server/storage/database';
import { DeviceRepository } from '../../server/storage/deviceRepository';
import { FridgeRepository } from '../../server/storage/fridgeRepository';
import { StateStore } from '../../server/storage/stateStore';
import { TestClock } from './testClock';
import { ADMIN_TOKEN, silentLogger, TEST_START_MS } from './testSystem';

export interface RouteAppOptions {
  /** Feature modules whose routes to serve (started, as the system would); none: the core routes only. */
  features?: readonly FeatureFactory[];
  clock?: Clock;
  config?: Partial<Config>;
}

export interface RouteApp {
  /** The real app from `buildApp()`, never listening: drive it with `inject()`. */
  app: FastifyInstance;
  db: Db;
  catalog: FridgeCatalog;
  admin: SiteAdmin;
  bus: EventBus;
  clock: Clock;
  /** Headers that bear the organiser token. */
  organiser: { authorization: string };
  module<M extends FeatureModule = FeatureModule>(name: string): M;
  close(): Promise<void>;
}

/** No broker runs behind a route app, so health says so. */
const NO_BROKER_HEALTH: HealthReport = {
  status: 'degraded',
  problems: [],
  demo: false,
  uptimeSeconds: 0,
  broker: { ok: false, mode: 'external', connectedClients: null },
  storage: { ok: true, readingsStored: 0, problem: null },
  refusals: {},
  ingest: {
    waiting: 0,
    oldestWaitingMs: 0,
    slowestRecentAckMs: 0,
    eventLoopDelayMs: 0,
    overloaded: false,
    intakePaused: false,
  },
};

/**
 * A cheap app for route tests: `buildApp()` over an in-memory SQLite with the real catalogue, site
 * admin and bus, in UTC on a clock from TEST_START_MS. No broker, no port, no data directory: the
 * server's MQTT client is made but never connected, and revoking a device disconnects nothing.
 */
export async function buildRouteApp(options: RouteAppOptions = {}): Promise<RouteApp> {
  const config = loadConfig({}, { demo: false, adminToken: ADMIN_TOKEN, timeZone: 'UTC', ...options.config });
  const clock = options.clock ?? new TestClock(TEST_START_MS);
  const nowMs = () => clock.nowMs();
  const db = openMemoryDatabase();
  const bus = new EventBus(silentLogger);
  const fridges = new FridgeRepository(db, nowMs);
  const devices = new DeviceRepository(db, nowMs);
  const catalog = new FridgeCatalog({
    fridges,
    states: new StateStore(db),
    bus,
    clock,
    defaultLevels: config.defaultLevels,
    timeZone: 'UTC',
  });
  catalog.start();
  const admin = new SiteAdmin({ fridges, devices, catalog, bus, disconnectDevice: () => {} });
  const mqtt = new ServerMqttClient({
    url: 'mqtt://127.0.0.1:1',
    username: null,
    password: null,
    clientId: SERVER_CLIENT_ID,
  });
  const site = new SiteAddress(config, false);
  const context: FeatureContext = {
    config,
    db,
    bus,
    clock,
    logger: silentLogger,
    catalog,
    admin,
    mqtt,
    site,
    timeZone: 'UTC',
    notifications: new NotificationService({
      db,
      config,
      clock,
      logger: silentLogger,
      mqtt,
      publicUrl: () => site.publicUrl(),
      timeZone: 'UTC',
    }),
  };
  const modules: FeatureModule[] = [];
  for (const factory of options.features ?? []) {
    const module = factory(context);
    await module.start();
    modules.push(module);
  }
  const app = await buildApp({
    catalog,
    admin,
    bus,
    health: () => NO_BROKER_HEALTH,
    adminToken: ADMIN_TOKEN,
    moduleRoutes: modules.flatMap((m) => (m.routes ? [m.routes] : [])),
    mqttUrlFor: (hostname) => `mqtt://${hostname}:1883`,
    dashboardDir: null,
    logger: false,
    security: {
      corsOrigins: config.corsOrigins,
      organiserPerMinute: config.rateLimitOrganiserPerMinute,
      claimPerMinute: config.rateLimitClaimPerMinute,
    },
  });
  return {
    app,
    db,
    catalog,
    admin,
    bus,
    clock,
    organiser: { authorization: `Bearer ${ADMIN_TOKEN}` },
    module<M extends FeatureModule>(name: string): M {
      const found = modules.find((m) => m.name === name);
      if (!found) throw new Error(`no feature module "${name}" in this route app`);
      return found as M;
    },
    async close() {
      await app.close();
      for (const module of modules.reverse()) await module.stop();
      catalog.stop();
      db.close();
    },
  };
}
