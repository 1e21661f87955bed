import type { FeatureFactory, FeatureModule } from '../../featureModule';
import { notificationRoutes } from './notificationRoutes';
import { VolunteerDirectory } from './volunteerDirectory';

export type { NoticeDraft } from './notificationService';
export { NotificationService } from './notificationService';

import type { NotificationService } from './notificationService';

/** The notifications module as `RunningSystem.module('notifications')` answers it. */
export type NotificationsModule = FeatureModule & { service: NotificationService };

export interface NotificationsFeatureOptions {
  /** Deliver on the worker's own timer (default). Off, nothing leaves until `runDue()` is called. */
  autoDeliver?: boolean;
}

/** Volunteers, the outbox and its channels (SMTP, webhooks, MQTT), the delivery log and preference links. */
export function createNotificationsFeature(featureOptions: NotificationsFeatureOptions = {}): FeatureFactory {
  return (context): NotificationsModule => {
    const service = context.notifications;
    const directory = new VolunteerDirectory(
      service.volunteers,
      (id) => context.catalog.definition(id) !== null,
      () => context.clock.nowMs(),
      context.config.allowPrivateWebhooks,
    );
    return {
      name: 'notifications',
      service,
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
