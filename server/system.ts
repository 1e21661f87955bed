import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { EmbeddedBroker } from '../broker/embeddedBroker';
import { IntakeGate } from '../broker/intakeGate';
import { SERVER_CLIENT_ID } from '../contract/ids';
import { tileOrigin } from '../contract/mapSettings';
import { SERVER_STATUS, SERVER_STATUS_TOPIC, topics } from '../contract/topics';
import { ServerMqttClient } from './adapters/serverMqttClient';
import { resolveAdminToken } from './adminToken';
import { buildApp } from './api/app';
import type { HealthReport } from './api/routes/health';
import { DEFAULT_SSE_LIMITS, SseClients } from './api/sseClients';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { createDemoSite, createDemoVolunteers, type DemoDevice } from './demo/demoSite';
import { siteTimeZone } from './domain/utcOffset';
import { EventBus } from './eventBus';
import type { FeatureFactory, FeatureModule } from './featureModule';
import { AdapterDirectory } from './features/adapterDirectory';
import { AdapterIntake } from './features/adapterIntake';
import type { AlertsFeature, AlertsModule } from './features/alerts';
import { type Delivery, DeliveryLedger } from './features/deliveryLedger';
import { DeviceAdmin } from './features/deviceAdmin';
import { DeviceConnections } from './features/deviceConnections';
import { FridgeCatalog } from './features/fridgeCatalog';
import { Ingest } from './features/ingest';
import { Intake } from './features/intake';
import { NotificationService } from './features/notifications/notificationService';
import { SiteAdmin } from './features/siteAdmin';
import { SiteImport } from './features/siteImport/siteImport';
import { StatePublisher } from './features/statePublisher';
import type { Logger } from './logger';
import { ServerMetrics } from './metrics';
import { FEATURE_FACTORIES } from './modules';
import { deviceFacingHost, hostsOfThisSite, SiteAddress } from './siteAddress';
import { BindingRepository } from './storage/bindingRepository';
import { type Db, openDatabase } from './storage/database';
import { DeliveryStore } from './storage/deliveryStore';
import { DeviceRepository } from './storage/deviceRepository';
import { FridgeRepository } from './storage/fridgeRepository';
import { IngestWriter } from './storage/ingestWriter';
import { SqliteReadingStore } from './storage/readingStore';
import { SettingsStore } from './storage/settingsStore';
import { StateStore } from './storage/stateStore';
import { VolunteerRepository } from './storage/volunteerRepository';
import { DEFAULT_WAL_CHECKPOINT, WalCheckpointer } from './storage/walCheckpointer';

export interface Simulation {
  stop(): Promise<void>;
}

/** What the demo's scripted people act through: the spine, its clock, and the alerts feature if it runs. */
export interface DemoSiteParts {
  bus: EventBus;
  clock: Clock;
  alerts: AlertsFeature | null;
}

export interface SystemOptions {
  config: Readonly<Config>;
  logger: Logger;
  clock?: Clock;
  /** The built dashboard; null serves the API only. */
  dashboardDir?: string | null;
  /** Starts the demo site's simulated devices; omitted, a demo site runs without them. */
  startDemoSimulation?: (devices: DemoDevice[], logger: Logger, site: DemoSiteParts) => Promise<Simulation>;
  /** Feature modules to run on the spine; defaults to every module in server/modules.ts. */
  features?: readonly FeatureFactory[];
  /**
   * Test seam: sees the database as soon as it is open (fault tests shrink or lock it), and the
   * ingest writer thread's connection when there is one (null: ingest writes on `db`).
   */
  onDatabaseOpened?: (db: Db, ingestWriter: IngestWriter | null) => void;
}

export interface RunningSystem {
  app: FastifyInstance;
  httpUrl: string;
  mqttUrl: string;
  /** The embedded broker's MQTTS address when TLS is configured, else null. */
  mqttTlsUrl: string | null;
  adminToken: { token: string; created: boolean; file: string | null };
  demo: boolean;
  ingest: Ingest;
  catalog: FridgeCatalog;
  bus: EventBus;
  broker: EmbeddedBroker | null;
  /** A running feature module by its name (`restock`, `notifications`, ...), for tests and tools. */
  module<M extends FeatureModule = FeatureModule>(name: string): M;
  stop(): Promise<void>;
}

const SERVER_USERNAME = '$server';
/** Home Assistant's user name on the embedded broker (with HA_MQTT_PASSWORD). */
export const HOME_ASSISTANT_USERNAME = 'homeassistant';
const SERVER_STATUS_OPTIONS = { topic: SERVER_STATUS_TOPIC, ...SERVER_STATUS };
const DEMO_DEVICES_FILE = 'demo-devices.json';

/**
 * Wires storage, broker, features, API and (on a demo site) the simulator, then listens.
 * `stop()` undoes all of it, so tests can run the whole system many times in one process.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        logger.error({ err }, 'shutdown step failed');
      }
    }
    cleanups.length = 0;
  };

  try {
    const db = openDatabase(config.dataDir);
    cleanups.push(() => {
      db.close();
    });
    // Readings are committed on a thread of their own; stopped after ingest has written its last.
    const ingestWriter = config.ingestWriterThread
      ? IngestWriter.forDatabase(db, logger, {
          busyTimeoutMs: 5000,
          autocheckpointPages: DEFAULT_WAL_CHECKPOINT.backstopPages,
        })
      : null;
    if (ingestWriter) cleanups.push(() => ingestWriter.stop());
    options.onDatabaseOpened?.(db, ingestWriter);
    // Checkpoints on the second core, so a commit (and the PUBACKs behind it) never waits for one.
    const checkpointer = new WalCheckpointer(db, logger);
    checkpointer.start();
    cleanups.push(() => checkpointer.stop());
    const tls =
      config.tlsCertFile !== null && config.tlsKeyFile !== null
        ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
        : null;
    const settings = new SettingsStore(db);
    let site = settings.get('site');
    const firstStart = site === null;
    if (site === null) {
      site = config.demo === false ? 'real' : 'demo';
      settings.set('site', site);
    }
    const demo = site === 'demo';
    const adminToken = resolveAdminToken(config.adminToken, config.dataDir);

    const bus = new EventBus(logger);
    const nowMs = () => clock.nowMs();
    const fridges = new FridgeRepository(db, nowMs);
    const devices = new DeviceRepository(db, nowMs);
    const readings = new SqliteReadingStore(db);
    const states = new StateStore(db);
    const timeZone = siteTimeZone(config.timeZone);
    const catalog = new FridgeCatalog({
      fridges,
      states,
      bus,
      clock,
      defaultLevels: config.defaultLevels,
      timeZone,
    });
    catalog.start();
    cleanups.push(() => catalog.stop());
    const sseClients = new SseClients({
      ...DEFAULT_SSE_LIMITS,
      maxClients: config.sseMaxClients,
      maxPerAddress: config.sseMaxPerAddress,
    });
    // The gauges read these when scraped; they are all set before the HTTP server listens.
    let brokerForMetrics: EmbeddedBroker | null = null;
    let outboxDepth = () => 0;
    const metrics: ServerMetrics = new ServerMetrics({
      // Every connection but the server's own client is a device's.
      connectedDevices: () =>
        brokerForMetrics ? Math.max(0, brokerForMetrics.connectedClientCount() - 1) : null,
      ingestBacklog: (): number => ingest.backlog().waiting,
      intakePaused: () => (intakeGate ? (intakeGate.full ? 1 : 0) : null),
      intakePauses: () => intakeGate?.timesClosed ?? null,
      outboxDepth: () => outboxDepth(),
      sseClients: () => sseClients.size,
    });

    // Behind an external broker, a re-delivery after a crash is recognised by its packet id.
    const deliveries =
      config.mqttUrl === null
        ? null
        : new DeliveryLedger(new DeliveryStore(db), `${SERVER_CLIENT_ID}@${new URL(config.mqttUrl).host}`);
    deliveries?.start();
    // Behind the embedded broker, devices' connections wait while too much waits for its commit;
    // behind an external broker the subscription's own window does that (PIPELINE_WINDOW).
    const intakeGate = config.mqttUrl === null ? new IntakeGate(config.ingestMaxWaiting) : null;
    const ingest = new Ingest({
      db,
      deliveries,
      readings,
      states,
      catalog,
      bus,
      clock,
      logger,
      maxBatch: config.ingestMaxBatch,
      ...(intakeGate ? { waitingChanged: (waiting: number) => intakeGate.waitingChanged(waiting) } : {}),
      writer: ingestWriter,
      metrics,
      timePolicy: { futureToleranceMs: config.deviceClockToleranceMs, maxAgeMs: config.deviceBufferMaxAgeMs },
    });
    ingest.start();
    cleanups.push(() => ingest.stop());

    const bindings = new BindingRepository(db);
    const adapters = new AdapterDirectory(devices, bindings);
    const adapterIntake = new AdapterIntake({ ingest, catalog, devices, bindings, nowMs });
    const intake = new Intake({ ingest, adapters, adapterIntake });
    // A device feeds every fridge it has a sensor bound to (an adapter) or its own (native).
    const fridgesOf = (d: { deviceId: string; fridgeId: string; adapter?: unknown }) =>
      d.adapter ? adapters.fridgesOf(d.deviceId) : [d.fridgeId];
    let broker: EmbeddedBroker | null = null;
    let serverMqtt: ServerMqttClient;
    let mqttUrl: string;
    let mqttTlsPort: number | null = null;
    if (config.mqttUrl === null) {
      const serverPassword = randomBytes(24).toString('base64url');
      const embedded = await EmbeddedBroker.create({
        devices: {
          findActiveDevice: (id) => {
            const device = devices.get(id);
            if (!device || device.revokedAtMs !== null) return null;
            const adapter = adapters.get(id);
            return { ...device, adapter: adapter ? { kind: adapter.kind, root: adapter.root } : null };
          },
          isAdapterWillTopic: (topic) => adapters.isWillTopic(topic),
        },
        intake: { receive: (...args) => intake.receive(...args), refused: (r) => ingest.refused(r) },
        events: {
          deviceConnected: (d) => {
            for (const fridgeId of fridgesOf(d))
              bus.emit('deviceConnected', { deviceId: d.deviceId, fridgeId });
          },
          deviceDisconnected: (d) => {
            for (const fridgeId of fridgesOf(d))
              bus.emit('deviceDisconnected', { deviceId: d.deviceId, fridgeId });
          },
        },
        logger,
        serverCredentials: {
          username: SERVER_USERNAME,
          password: serverPassword,
          clientId: SERVER_CLIENT_ID,
        },
        homeAssistant:
          config.homeAssistantMqttPassword === null
            ? null
            : {
                username: HOME_ASSISTANT_USERNAME,
                password: config.homeAssistantMqttPassword,
                discoveryPrefix: config.homeAssistantDiscoveryPrefix,
              },
        nowMs,
        drainTimeoutMs: config.mqttDrainTimeoutMs,
        pendingLoginLimits: {
          maxTotal: config.mqttMaxUnauthenticated,
          maxPerAddress: config.mqttMaxUnauthenticatedPerAddress,
        },
        intakeGate,
      });
      broker = embedded;
      brokerForMetrics = embedded;
      cleanups.push(() => embedded.close());
      cleanups.push(() => intakeGate?.stop());
      const port = await embedded.listen(config.mqttPort, config.mqttHost);
      mqttUrl = `mqtt://127.0.0.1:${port}`;
      // MQTTS beside plain MQTT: small firmware may not manage TLS; MQTT_HOST=127.0.0.1 keeps
      // plain MQTT for the server's own client only.
      if (tls) mqttTlsPort = await embedded.listenTls(config.mqttTlsPort, config.mqttTlsHost, tls);
      const connections = new DeviceConnections(bus, catalog, clock);
      connections.start();
      cleanups.push(() => connections.stop());
      serverMqtt = new ServerMqttClient({
        url: mqttUrl,
        username: SERVER_USERNAME,
        password: serverPassword,
        clientId: SERVER_CLIENT_ID,
        status: SERVER_STATUS_OPTIONS,
        localBroker: embedded,
      });
    } else {
      mqttUrl = config.mqttUrl;
      serverMqtt = new ServerMqttClient({
        url: config.mqttUrl,
        username: config.mqttUsername,
        password: config.mqttPassword,
        clientId: SERVER_CLIENT_ID,
        status: SERVER_STATUS_OPTIONS,
        subscriptions: [...topics.deviceFilters, ...adapters.filters()],
        // An external broker checks nothing: the server refuses bad input itself.
        onMessage: async (topic, payload, packet) => {
          // An empty payload is how a broker passes on a device clearing its retained message
          // (MQTT 3.1.1 §3.3.1.3): no reading, and no refusal either.
          if (payload.byteLength === 0) return;
          const source = {
            broker: 'external',
            deviceId: null,
            clientId: null,
            receivedAtMs: clock.nowMs(),
          } as const;
          const receive = (delivery: Delivery | null) => intake.receive(topic, payload, source, delivery);
          await (deliveries ? deliveries.handle(topic, payload, packet, receive) : receive(null));
        },
      });
    }
    await serverMqtt.start();
    cleanups.push(() => serverMqtt.stop());
    const statePublisher = new StatePublisher(bus, serverMqtt, catalog);
    statePublisher.start();
    cleanups.push(() => statePublisher.stop());

    const admin = new SiteAdmin({
      fridges,
      devices,
      catalog,
      bus,
      disconnectDevice: (id) => broker?.disconnectDevice(id),
      secretHashCost: config.deviceSecretHashCost,
    });
    const deviceAdmin = new DeviceAdmin({
      db,
      devices,
      bindings,
      adapters,
      adapterIntake,
      catalog,
      bus,
      siteAdmin: admin,
      disconnectDevice: (id) => broker?.disconnectDevice(id),
      // The embedded broker needs no subscription: its ACL hands every message to the intake.
      subscribe: async (filters) => {
        if (!broker) await serverMqtt.subscribeDevices(filters);
      },
      secretHashCost: config.deviceSecretHashCost,
    });
    deviceAdmin.start();
    cleanups.push(() => deviceAdmin.stop());
    const trustedHosts = hostsOfThisSite(config);
    const mqttUrlFor = (hostname: string) => {
      if (config.mqttPublicUrl ?? config.mqttUrl) return (config.mqttPublicUrl ?? config.mqttUrl) as string;
      const host = deviceFacingHost(hostname, trustedHosts, config.publicUrl);
      return mqttTlsPort !== null
        ? `mqtts://${host}:${mqttTlsPort}`
        : `mqtt://${host}:${broker ? mqttUrl.split(':').pop() : config.mqttPort}`;
    };

    const siteAddress = new SiteAddress(config, tls !== null);
    const notifications = new NotificationService({
      db,
      config,
      clock,
      logger: logger.child({ feature: 'notifications' }),
      mqtt: serverMqtt,
      publicUrl: () => siteAddress.publicUrl(),
      timeZone,
    });
    outboxDepth = () => notifications.outbox.backlog(clock.nowMs()).overdue;
    const modules: FeatureModule[] = [];
    for (const factory of options.features ?? FEATURE_FACTORIES) {
      const module = factory({
        config,
        db,
        bus,
        clock,
        logger: logger.child({ feature: 'module' }),
        catalog,
        admin,
        mqtt: serverMqtt,
        site: siteAddress,
        timeZone,
        notifications,
        readingsAnnouncedUpTo: () => ingest.readingsAnnouncedUpTo(),
      });
      await module.start();
      modules.push(module);
      cleanups.push(() => module.stop());
    }

    const startedAtMs = clock.nowMs();
    const health = (): HealthReport => {
      let storageProblem = ingest.storageProblem()?.message ?? null;
      try {
        db.prepare('SELECT 1').get();
      } catch (err) {
        storageProblem = err instanceof Error ? err.message : String(err);
      }
      const brokerOk = serverMqtt.connected;
      const moduleProblems = modules.flatMap((m) => {
        const report = m.health?.();
        return report && !report.ok ? [`${m.name}: ${report.detail ?? 'not ok'}`] : [];
      });
      return {
        status: brokerOk && storageProblem === null && moduleProblems.length === 0 ? 'ok' : 'degraded',
        problems: moduleProblems,
        demo,
        uptimeSeconds: Math.round((clock.nowMs() - startedAtMs) / 1000),
        broker: {
          ok: brokerOk,
          mode: broker ? 'embedded' : 'external',
          connectedClients: broker ? broker.connectedClientCount() : null,
        },
        storage: {
          ok: storageProblem === null,
          readingsStored: ingest.storedReadings(),
          problem: storageProblem,
        },
        refusals: ingest.counters(),
        ingest: { ...ingest.backlog(), intakePaused: intakeGate?.full ?? false },
      };
    };

    const app = await buildApp({
      catalog,
      admin,
      deviceAdmin,
      bus,
      health,
      mqttUrlFor,
      dashboardDir: options.dashboardDir ?? null,
      mapSettings: { tileUrl: config.mapTileUrl, attribution: config.mapTileAttribution },
      adminToken: adminToken.token,
      moduleRoutes: modules.flatMap((m) => (m.routes ? [m.routes] : [])),
      security: {
        corsOrigins: config.corsOrigins,
        imageOrigins: [tileOrigin(config.mapTileUrl)],
        organiserPerMinute: config.rateLimitOrganiserPerMinute,
        claimPerMinute: config.rateLimitClaimPerMinute,
      },
      https: tls,
      trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
      sseClients,
      metrics: metrics.registry,
      siteImport: new SiteImport({
        db,
        fridges,
        devices,
        catalog,
        bus,
        secretHashCost: config.deviceSecretHashCost,
      }),
      logger: logger.child({ component: 'http' }, { level: config.logLevel === 'debug' ? 'debug' : 'warn' }),
    });
    cleanups.push(() => app.close());
    // A stop's first step: no more readings taken, the backlog committed for a bounded time
    // (INGEST_STOP_GRACE_MS) while the broker and the modules still run, so the commits get their
    // PUBACKs. Draining all of it after the broker had closed took unbounded time under a backlog
    // (issue 12: a starved server ignored SIGTERM for more than 7 s).
    cleanups.push(() => ingest.close(config.ingestStopGraceMs));
    await app.listen({ port: config.httpPort, host: config.httpHost });
    const address = app.server.address();
    const httpPort = typeof address === 'object' && address ? address.port : config.httpPort;
    siteAddress.listeningOn(httpPort);
    const httpUrl = siteAddress.localUrl();

    if (demo) {
      const demoFile = join(config.dataDir, DEMO_DEVICES_FILE);
      if (firstStart) {
        const demoDevices = await createDemoSite(admin, deviceAdmin, mqttUrl);
        createDemoVolunteers(new VolunteerRepository(db), clock.nowMs());
        // Demo only: simulated devices need their secrets on every start. A real site never writes this.
        writeFileSync(demoFile, JSON.stringify(demoDevices, null, 2), { mode: 0o600 });
      }
      if (options.startDemoSimulation && existsSync(demoFile)) {
        const demoDevices = (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoDevice[]).map((d) => ({
          ...d,
          registration: { ...d.registration, mqttUrl },
        }));
        const alertsModule = modules.find((m) => m.name === 'alerts') as AlertsModule | undefined;
        const simulation = await options.startDemoSimulation(
          demoDevices,
          logger.child({ component: 'simulator' }),
          { bus, clock, alerts: alertsModule?.feature ?? null },
        );
        cleanups.push(() => simulation.stop());
      }
    }

    ingest.lag.forgetStalls();
    const mqttTlsUrl = mqttTlsPort === null ? null : `mqtts://127.0.0.1:${mqttTlsPort}`;
    const module = <M extends FeatureModule>(name: string): M => {
      const found = modules.find((m) => m.name === name);
      if (!found)
        throw new Error(`no feature module "${name}" runs here (${modules.map((m) => m.name).join(', ')})`);
      return found as M;
    };
    return {
      app,
      httpUrl,
      mqttUrl,
      mqttTlsUrl,
      adminToken,
      demo,
      ingest,
      catalog,
      bus,
      broker,
      module,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
