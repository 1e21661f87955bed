import type { Config } from '../../server/config';
import type { FeatureFactory } from '../../server/featureModule';
import {
  createNotificationsFeature,
  type NotificationService,
  type NotificationsModule,
} from '../../server/features/notifications';
import { createRestockModule, type RestockFeature, type RestockModule } from '../../server/features/restock';
import type { Logger } from '../../server/logger';
import type { TestClock } from './testClock';
import { startTestSystem, type TestSystem } from './testSystem';

export interface RestockSystem extends TestSystem {
  clock: TestClock;
  restock: RestockFeature;
  notifications: NotificationService;
}

/**
 * The real system with the notification and restock modules, on a clock the test moves.
 * With `autoDeliver: false` nothing leaves the outbox until the test calls `runDue()`.
 */
export async function startRestockSystem(
  dataDir: string,
  overrides: Partial<Config>,
  options: { clock: TestClock; autoDeliver?: boolean; before?: FeatureFactory[]; logger?: Logger },
): Promise<RestockSystem> {
  const clock = options.clock;
  const features: FeatureFactory[] = [
    // e.g. the stock estimator, whose door sessions fulfil requests
    ...(options.before ?? []),
    createNotificationsFeature({ autoDeliver: options.autoDeliver ?? true }),
    createRestockModule,
  ];
  // The tests' webhook receivers listen on 127.0.0.1, which a real site refuses by default.
  const system = await startTestSystem(
    dataDir,
    { timeZone: 'UTC', allowPrivateWebhooks: true, ...overrides },
    { clock, features, ...(options.logger ? { logger: options.logger } : {}) },
  );
  const restock = system.module<RestockModule>('restock').feature;
  const notifications = system.module<NotificationsModule>('notifications').service;
  return Object.assign(system, { clock, restock, notifications });
}
