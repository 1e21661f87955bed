import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { reportRoutes } from './reportRoutes';
import { ReportsFeature } from './reportsFeature';

export { ReportsFeature } from './reportsFeature';

/** The reports module as `RunningSystem.module('reports')` answers it. */
export type ReportsModule = FeatureModule & { feature: ReportsFeature };

/** Neighbours' problem reports: stored, told to organisers, shown on the public status until resolved. */
export function createReportsModule(context: FeatureContext): ReportsModule {
  const feature = new ReportsFeature(context);
  return {
    name: 'reports',
    feature,
    start: () => feature.start(),
    stop: () => feature.stop(),
    routes: async (app) => {
      await app.register(reportRoutes, { feature });
    },
  };
}

export const reportsFeature: FeatureFactory = createReportsModule;
