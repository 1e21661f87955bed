import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { notificationServiceOf } from '../notifications';
import { RestockFeature } from './restockFeature';
import { restockRoutes } from './restockRoutes';

export { RestockFeature } from './restockFeature';

/** The restock module: requests from the rules, their notices, the API and the claim pages. */
export function createRestockModule(context: FeatureContext): FeatureModule & { feature: RestockFeature } {
  const feature = new RestockFeature(context, notificationServiceOf(context));
  return {
    name: 'restock',
    feature,
    start: () => feature.start(),
    stop: () => feature.stop(),
    routes: async (app) => {
      await app.register(restockRoutes, {
        feature,
        catalog: context.catalog,
        nowMs: () => context.clock.nowMs(),
      });
    },
  };
}

export const restockFeature: FeatureFactory = createRestockModule;
