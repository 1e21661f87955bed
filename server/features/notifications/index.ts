import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import type { Db } from '../../storage/database';
import { notificationRoutes } from './notificationRoutes';
import { NotificationService } from './notificationService';
import { VolunteerDirectory } from './volunteerDirectory';

export type { NoticeDraft } from './notificationService';
export { NotificationService } from './notificationService';

const services = new WeakMap<Db, NotificationService>();

/**
 * The notification service of a running system: one per database, shared by every feature that
 * sends notices (restock now, food safety and device health next). Any module may queue notices;
 * the notifications module delivers them.
 */
export function notificationServiceOf(context: FeatureContext): NotificationService {
  let service = services.get(context.db);
  if (!service) {
    service = new NotificationService({
      db: context.db,
      config: context.config,
      clock: context.clock,
      logger: context.logger.child({ feature: 'notifications' }),
      mqtt: context.mqtt,
      publicUrl: () => context.site.publicUrl(),
    });
    services.set(context.db, service);
  }
  return service;
}

export interface NotificationsFeatureOptions {
  /** Deliver on the worker's own timer (default). Off, nothing leaves until `runDue()` is called. */
  autoDeliver?: boolean;
}

/** Volunteers, the outbox and its channels (SMTP, webhooks, MQTT), the delivery log and preference links. */
export function createNotificationsFeature(featureOptions: NotificationsFeatureOptions = {}): FeatureFactory {
  return (context): FeatureModule => {
    const service = notificationServiceOf(context);
    const directory = new VolunteerDirectory(
      service.volunteers,
      (id) => context.catalog.definition(id) !== null,
      () => context.clock.nowMs(),
      context.config.allowPrivateWebhooks,
    );
    return {
      name: 'notifications',
      start: () => service.start(featureOptions.autoDeliver ?? true),
      stop: () => service.stop(),
      health: () => service.health(),
      routes: async (app) => {
        await app.register(notificationRoutes, {
          service,
          directory,
          fridgeName: (id) => context.catalog.definition(id)?.name ?? null,
          nowMs: () => context.clock.nowMs(),
        });
      },
    };
  };
}

export const notificationsFeature: FeatureFactory = createNotificationsFeature();
