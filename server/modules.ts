import type { FeatureFactory } from './featureModule';
import { alertsFeature } from './features/alerts';
import { followFeature } from './features/follow';
import { influxMirrorFeature } from './features/influxMirror';
import { notificationsFeature } from './features/notifications';
import { openDataFeature } from './features/openData';
import { reportsFeature } from './features/reports';
import { restockFeature } from './features/restock';
import { stockEstimationFeature } from './features/stockEstimationModule';

/** The feature modules the system starts, in order, after the spine. */
export const FEATURE_FACTORIES: readonly FeatureFactory[] = [
  stockEstimationFeature,
  influxMirrorFeature,
  notificationsFeature,
  restockFeature,
  alertsFeature,
  reportsFeature,
  followFeature,
  openDataFeature,
];
