import type { FastifyPluginAsync } from 'fastify';
import type { ServerMqttClient } from './adapters/serverMqttClient';
import type { Clock } from './clock';
import type { Config } from './config';
import type { EventBus } from './eventBus';
import type { FridgeCatalog } from './features/fridgeCatalog';
import type { NotificationService } from './features/notifications/notificationService';
import type { SiteAdmin } from './features/siteAdmin';
import type { Logger } from './logger';
import type { SiteAddress } from './siteAddress';
import type { Db } from './storage/database';

/** What a feature module may use; everything is shared with the rest of the system. */
export interface FeatureContext {
  config: Readonly<Config>;
  db: Db;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  catalog: FridgeCatalog;
  admin: SiteAdmin;
  mqtt: ServerMqttClient;
  /** The site's HTTP address and the base of links sent to people. */
  site: SiteAddress;
  /** The site's IANA time zone (TIME_ZONE, else the machine's), resolved once. */
  timeZone: string;
  /**
   * The one way notices leave the server (outbox, channels, signed links), shared by every feature
   * that tells people something; the notifications module runs its delivery worker and routes.
   */
  notifications: NotificationService;
  /**
   * The id of the last reading announced on the bus while a batch committed on the ingest writer
   * thread is on its way back to be announced; null when every committed reading has been (then
   * `MAX(id)` of `readings` is that id). A snapshot that names "readings up to id N" must use this.
   */
  readingsAnnouncedUpTo?: () => number | null;
}

/**
 * A capability added on the spine (restock requests, notifications, ...): bus subscribers with
 * `start()`/`stop()`, and optionally its own HTTP routes. `stop()` removes every listener and
 * timer it made.
 */
export interface FeatureModule {
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
  /** Each route declares who may call it, through the route kit (`server/api/routeKit.ts`). */
  routes?: FastifyPluginAsync;
  /** Extra figures for `GET /api/health`; a module that is not ok turns health to 503. */
  health?: () => { ok: boolean; detail?: string };
}

export type FeatureFactory = (context: FeatureContext) => FeatureModule;
