import { estimationRoutes } from '../api/routes/estimation';
import type { FeatureFactory } from '../featureModule';
import { EstimatorStateStore } from '../storage/estimatorStateStore';
import { FridgeRepository } from '../storage/fridgeRepository';
import { SqliteReadingStore } from '../storage/readingStore';
import { SessionStore } from '../storage/sessionStore';
import { StockHistoryStore } from '../storage/stockHistoryStore';
import { StockEstimation } from './stockEstimation';

/** The stock estimator on the spine, with its routes (sessions, history, activity, calibration). */
export const stockEstimationFeature: FeatureFactory = (context) => {
  const nowMs = () => context.clock.nowMs();
  const sessions = new SessionStore(context.db);
  const history = new StockHistoryStore(context.db);
  const estimation = new StockEstimation({
    db: context.db,
    readings: new SqliteReadingStore(context.db),
    sessions,
    history,
    saved: new EstimatorStateStore(context.db),
    fridges: new FridgeRepository(context.db, nowMs),
    catalog: context.catalog,
    bus: context.bus,
    clock: context.clock,
    config: context.config.estimator,
    timeZone: context.timeZone,
    logger: context.logger,
    readingsAnnouncedUpTo: context.readingsAnnouncedUpTo,
  });
  return {
    name: 'stockEstimation',
    start: () => estimation.start(),
    stop: () => estimation.stop(),
    routes: async (app) => {
      await app.register(estimationRoutes, {
        catalog: context.catalog,
        estimation,
        sessions,
        history,
        nowMs,
      });
    },
  };
};
