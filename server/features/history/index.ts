import { historyRoutes } from '../../api/routes/history';
import type { FeatureFactory } from '../../featureModule';
import { AlertRepository } from '../../storage/alertRepository';
import { HistoryQueries } from '../../storage/historyQueries';
import { SummaryQueries } from '../../storage/summaryQueries';
import { HistoryService } from './historyService';
import { NetworkSummaryService } from './networkSummaryService';

/** The history API (issue 13): read-only routes over readings, rollups and door sessions. */
export const historyFeature: FeatureFactory = (context) => {
  const nowMs = () => context.clock.nowMs();
  const queries = new HistoryQueries(context.db);
  const history = new HistoryService(queries, nowMs);
  const summary = new NetworkSummaryService({
    catalog: context.catalog,
    queries: new SummaryQueries(context.db),
    history: queries,
    alerts: new AlertRepository(context.db),
    restockMinKg: context.config.restock.fulfilMinKg,
    timeZone: context.timeZone,
  });
  return {
    name: 'history',
    start() {},
    stop() {},
    routes: async (app) => {
      await app.register(historyRoutes, { catalog: context.catalog, history, summary, nowMs });
    },
  };
};
