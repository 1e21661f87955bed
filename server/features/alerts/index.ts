import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { notificationServiceOf } from '../notifications';
import { alertRoutes } from './alertRoutes';
import { AlertsFeature } from './alertsFeature';

export { AlertsFeature } from './alertsFeature';

/** The alerts module: food-safety and device-health rules, their notices, the API and the log. */
export function createAlertsModule(context: FeatureContext): FeatureModule & { feature: AlertsFeature } {
  const feature = new AlertsFeature(context, notificationServiceOf(context));
  return {
    name: 'alerts',
    feature,
    start: () => feature.start(),
    stop: () => feature.stop(),
    routes: async (app) => {
      await app.register(alertRoutes, {
        feature,
        catalog: context.catalog,
        requireAdmin: context.requireAdmin,
        nowMs: () => context.clock.nowMs(),
      });
    },
  };
}

export const alertsFeature: FeatureFactory = createAlertsModule;
