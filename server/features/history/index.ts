import { historyRoutes } from '../../api/routes/history';
import { safeBandOf } from '../../domain/alerts/config';
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
  const alerts = new AlertRepository(context.db);
  // The band the alert rules judge by, read from their stored settings on every answer, so a
  // profile or threshold changed on the organiser screen shows on the next chart.
  const safeBand = (fridgeId: string) => {
    const kind = context.catalog.definition(fridgeId)?.kind;
    return kind === undefined ? null : safeBandOf(alerts.settingsOf(fridgeId), kind);
  };
  const history = new HistoryService(queries, nowMs, safeBand);
  const summary = new NetworkSummaryService({
    catalog: context.catalog,
    queries: new SummaryQueries(context.db),
    history: queries,
    alerts,
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
