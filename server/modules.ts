import type { FeatureFactory } from './featureModule';
import { alertsFeature } from './features/alerts';
import { followFeature } from './features/follow';
import { historyFeature } from './features/history';
import { homeAssistantDiscoveryFeature } from './features/homeAssistantDiscovery';
import { influxMirrorFeature } from './features/influxMirror';
import { mosquittoSyncFeature } from './features/mosquittoSync';
import { notificationsFeature } from './features/notifications';
import { openDataFeature } from './features/openData';
import { reportsFeature } from './features/reports';
import { restockFeature } from './features/restock';
import { retentionFeature } from './features/retention';
import { stockEstimationFeature } from './features/stockEstimationModule';

/** The feature modules the system starts, in order, after the spine. */
export const FEATURE_FACTORIES: readonly FeatureFactory[] = [
  stockEstimationFeature,
  influxMirrorFeature,
  notificationsFeature,
  restockFeature,
  alertsFeature,
  homeAssistantDiscoveryFeature,
  retentionFeature,
  historyFeature,
  reportsFeature,
  followFeature,
  openDataFeature,
  mosquittoSyncFeature,
];
