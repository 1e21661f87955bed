import { acceptFormBodies } from '../../api/htmlPages';
import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { claimLinkRoutes } from './claimLinkRoutes';
import { claimPageRoutes } from './claimPageRoutes';
import { requestRoutes } from './requestRoutes';
import { RestockFeature } from './restockFeature';

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
    // One plugin per audience: the request API (public and organisers), claim links, claim pages.
    routes: async (app) => {
      const options = { feature, catalog: context.catalog, nowMs: () => context.clock.nowMs() };
      // Every restock route takes form posts, as when they were one plugin; the claim page needs them.
      acceptFormBodies(app);
      await app.register(requestRoutes, options);
      await app.register(claimLinkRoutes, options);
      await app.register(claimPageRoutes, options);
    },
  };
}

export const restockFeature: FeatureFactory = createRestockModule;
