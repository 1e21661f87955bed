import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { alertAckRoutes } from './alertAckRoutes';
import { alertRoutes } from './alertRoutes';
import { AlertsFeature } from './alertsFeature';

export { AlertsFeature } from './alertsFeature';

/** The alerts module: food-safety and device-health rules, their notices, the API and the log. */
/** The alerts module as `RunningSystem.module('alerts')` answers it. */
export type AlertsModule = FeatureModule & { feature: AlertsFeature };

export function createAlertsModule(context: FeatureContext): AlertsModule {
  const feature = new AlertsFeature(context, context.notifications);
  return {
    name: 'alerts',
    feature,
    start: () => feature.start(),
    stop: () => feature.stop(),
    routes: async (app) => {
      const options = { feature, catalog: context.catalog, nowMs: () => context.clock.nowMs() };
      await app.register(alertRoutes, options);
      await app.register(alertAckRoutes, options);
    },
  };
}

export const alertsFeature: FeatureFactory = createAlertsModule;
