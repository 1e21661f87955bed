import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Slug } from '../../../contract/api';
import {
  HistoryQuerySchema,
  HistorySchema,
  NetworkSummaryQuerySchema,
  NetworkSummarySchema,
  type SummaryStep,
} from '../../../contract/history';
import { SUMMARY_LIMITS, summaryCsv } from '../../domain/history/networkSummary';
import { HISTORY_LIMITS, type HistoryStep, planHistory } from '../../domain/history/plan';
import { AppError } from '../../errors';
import type { FridgeCatalog } from '../../features/fridgeCatalog';
import type { HistoryService } from '../../features/history/historyService';
import type { NetworkSummaryService } from '../../features/history/networkSummaryService';
import { FRIDGE_REFUSALS, publicRoute, requireFridge } from '../routeKit';

export interface HistoryRouteOptions {
  catalog: FridgeCatalog;
  history: HistoryService;
  summary: NetworkSummaryService;
  nowMs: () => number;
}

const DAY_MS = 86_400_000;
const DEFAULT_SUMMARY_RANGE_MS: Record<SummaryStep, number> = {
  day: 30 * DAY_MS,
  week: 84 * DAY_MS,
  month: 365 * DAY_MS,
};

function parseTime(value: string | undefined, field: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AppError('BAD_REQUEST', `querystring/${field}: not a date-time`);
  return ms;
}

/**
 * Sensor history and the network's figures. Public, like the fridge page that charts them: a
 * neighbour sees the temperature and stock there already, and a funder or health inspector needs
 * no account to check a week. Every query is bounded (buckets, range), so a stranger cannot make
 * the server scan without limit.
 */
export const historyRoutes: FastifyPluginAsyncTypebox<HistoryRouteOptions> = async (app, options) => {
  const { catalog, history, summary, nowMs } = options;

  app.get(
    '/api/fridges/:id/history',
    publicRoute(
      {
        summary: `Sensor history in buckets (min/mean/max; door: openings and minutes open), at most ${HISTORY_LIMITS.maxBuckets} buckets`,
        params: Type.Object({ id: Slug }),
        querystring: HistoryQuerySchema,
        response: { 200: HistorySchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => {
      const fridge = requireFridge(catalog, request.params.id);
      const query = request.query;
      const toMs = parseTime(query.to, 'to', nowMs());
      const fromMs = parseTime(query.from, 'from', toMs - HISTORY_LIMITS.defaultRangeMs);
      const rawFromMs = history.rawFromMs(fridge.id);
      const planned = planHistory({
        fromMs,
        toMs,
        step: (query.step as HistoryStep | undefined) ?? null,
        rawFromMs: rawFromMs ?? Number.MIN_SAFE_INTEGER,
      });
      if (!planned.ok) throw new AppError('BAD_REQUEST', `querystring/${planned.field}: ${planned.message}`);
      return history.answer(fridge.id, query.metric, planned.plan);
    },
  );

  app.get(
    '/api/network/summary',
    publicRoute(
      {
        summary:
          'Kg shared, visits, restocks and hours out of safe temperature per fridge and period (JSON or CSV)',
        querystring: NetworkSummaryQuerySchema,
        response: { 200: NetworkSummarySchema },
      },
      [400],
    ),
    async (request, reply) => {
      const step = request.query.step ?? 'month';
      const toMs = parseTime(request.query.to, 'to', nowMs());
      const fromMs = parseTime(request.query.from, 'from', toMs - DEFAULT_SUMMARY_RANGE_MS[step]);
      if (fromMs >= toMs) throw new AppError('BAD_REQUEST', 'querystring/from: must be before `to`');
      if (toMs - fromMs > SUMMARY_LIMITS.maxRangeMs)
        throw new AppError(
          'BAD_REQUEST',
          `querystring/from: the range is at most ${SUMMARY_LIMITS.maxRangeMs / DAY_MS} days`,
        );
      const answer = summary.summarize(fromMs, toMs, step);
      if (request.query.format !== 'csv') return answer;
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="network-summary-${step}.csv"`)
          // A string goes out as is (fastify serialises objects only); the schema types the JSON answer.
          .send(summaryCsv(answer) as unknown as typeof answer)
      );
    },
  );
};
