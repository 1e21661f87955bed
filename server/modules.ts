import type { FeatureFactory } from './featureModule';

/** The feature modules the system starts, in order, after the spine. */
export const FEATURE_FACTORIES: readonly FeatureFactory[] = [];
