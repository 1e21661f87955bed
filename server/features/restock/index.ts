import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { RestockFeature } from './restockFeature';
import { restockRoutes } from './restockRoutes';

export { RestockFeature } from './restockFeature';

/** The restock module: requests from the rules, their notices, the API and the claim pages. */
/** The restock module as `RunningSystem.module('restock')` answers it. */
export type RestockModule = FeatureModule & { feature: RestockFeature };

export function createRestockModule(context: FeatureContext): RestockModule {
  const feature = new RestockFeature(context, context.notifications);
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
