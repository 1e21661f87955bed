import { acceptFormBodies } from '../../api/htmlPages';
import type { FeatureFactory, FeatureModule } from '../../featureModule';
import { needsPageRoutes } from './needsPageRoutes';
import { noticeLogRoutes } from './noticeLogRoutes';
import { preferencesPageRoutes } from './preferencesPageRoutes';
import { preferencesRoutes } from './preferencesRoutes';
import { VolunteerDirectory } from './volunteerDirectory';
import { volunteerRoutes } from './volunteerRoutes';

export type { NoticeDraft } from './notificationService';
export { NotificationService } from './notificationService';
export type { NoticeContent, NoticeLink } from './render';
export type { SignedLinks } from './signedLinks';

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
      // One plugin per audience: volunteers and the notice log (organisers), a volunteer's own link.
      routes: async (app) => {
        const options = {
          service,
          directory,
          fridgeName: (id: string) => context.catalog.definition(id)?.name ?? null,
          nowMs: () => context.clock.nowMs(),
        };
        // Every notifications route takes form posts, as when they were one plugin; the pages need them.
        acceptFormBodies(app);
        await app.register(volunteerRoutes, options);
        await app.register(noticeLogRoutes, options);
        await app.register(preferencesRoutes, options);
        await app.register(preferencesPageRoutes, options);
        await app.register(needsPageRoutes, {
          ...options,
          needsOf: (id: string) => context.catalog.status(id)?.needs ?? null,
          setNeeds: (id, body) => context.admin.setNeeds(id, body),
        });
      },
    };
  };
}

export const notificationsFeature: FeatureFactory = createNotificationsFeature();
