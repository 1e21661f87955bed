import { acceptFormBodies } from '../../api/htmlPages';
import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { FollowFeature } from './followFeature';
import { followRoutes } from './followRoutes';

export { FollowFeature } from './followFeature';

/** The follow module as `RunningSystem.module('follow')` answers it. */
export type FollowModule = FeatureModule & { feature: FollowFeature };

/** Neighbours following a fridge by e-mail: double opt-in, "restocked" and "safe again", one-click unsubscribe. */
export function createFollowModule(context: FeatureContext): FollowModule {
  const feature = new FollowFeature(context);
  return {
    name: 'follow',
    feature,
    start: () => feature.start(),
    stop: () => feature.stop(),
    routes: async (app) => {
      // The pages' buttons and RFC 8058 one-click unsubscribe post forms.
      acceptFormBodies(app);
      await app.register(followRoutes, { feature });
    },
  };
}

export const followFeature: FeatureFactory = createFollowModule;
