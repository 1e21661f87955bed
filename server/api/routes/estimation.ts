import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { FridgeStatusSchema, Slug } from '../../../contract/api';
import { DoorSessionSchema, NetworkActivitySchema, StockPointSchema } from '../../../contract/estimates';
import { AppError } from '../../errors';
import type { FridgeCatalog } from '../../features/fridgeCatalog';
import type { StockEstimation } from '../../features/stockEstimation';
import type { SessionStore } from '../../storage/sessionStore';
import type { StockHistoryStore } from '../../storage/stockHistoryStore';
import {
  FRIDGE_REFUSALS,
  organiserRoute,
  publicRoute,
  requireFridge,
  requireFridgeStatus,
} from '../routeKit';

export interface EstimationRouteOptions {
  catalog: FridgeCatalog;
  estimation: StockEstimation;
  sessions: SessionStore;
  history: StockHistoryStore;
  nowMs: () => number;
}

const RangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'default: 24 hours before `to`' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
  },
  { additionalProperties: false },
);
const ShelfParams = Type.Object({ id: Slug, shelfId: Slug });
const MAX_RANGE_MS = 31 * 86_400_000;

function range(query: { from?: string; to?: string }, nowMs: number): { fromMs: number; toMs: number } {
  const toMs = query.to ? Date.parse(query.to) : nowMs;
  const fromMs = query.from ? Date.parse(query.from) : toMs - 86_400_000;
  if (fromMs > toMs) throw new AppError('BAD_REQUEST', 'querystring/from: must not be after `to`');
  if (toMs - fromMs > MAX_RANGE_MS)
    throw new AppError('BAD_REQUEST', 'querystring/from: the range is at most 31 days');
  return { fromMs, toMs };
}

/** Door sessions, stock history, activity, and shelf calibration. */
export const estimationRoutes: FastifyPluginAsyncTypebox<EstimationRouteOptions> = async (app, options) => {
  const { catalog, estimation, sessions, history, nowMs } = options;

  app.get(
    '/api/fridges/:id/sessions',
    publicRoute(
      {
        summary:
          'Door sessions (visits and restocks): the net kg taken or added, and the moves shelf by shelf',
        params: Type.Object({ id: Slug }),
        querystring: RangeQuery,
        response: { 200: Type.Array(DoorSessionSchema) },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => {
      requireFridge(catalog, request.params.id);
      const { fromMs, toMs } = range(request.query, nowMs());
      return sessions.between(request.params.id, fromMs, toMs).map((s) => ({
        openedAt: new Date(s.openedAt).toISOString(),
        closedAt: new Date(s.closedAt).toISOString(),
        netKg: s.netKg,
        takenKg: s.takenKg,
        addedKg: s.addedKg,
        shelves: s.shelves,
        source: s.source,
        settle: s.settle,
      }));
    },
  );

  app.get(
    '/api/fridges/:id/stock-history',
    publicRoute(
      {
        summary: 'Estimated stock over time, for charts',
        params: Type.Object({ id: Slug }),
        querystring: RangeQuery,
        response: { 200: Type.Array(StockPointSchema) },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => {
      requireFridge(catalog, request.params.id);
      const { fromMs, toMs } = range(request.query, nowMs());
      return history.between(request.params.id, fromMs, toMs).map((p) => ({
        at: new Date(p.atMs).toISOString(),
        kg: p.kg,
        percent: p.percent,
        uncertaintyKg: p.uncertaintyKg,
      }));
    },
  );

  app.get(
    '/api/activity',
    publicRoute({
      summary: 'Visits and kg taken and added today and this week: per fridge and for the network',
      response: { 200: NetworkActivitySchema },
    }),
    async () => estimation.networkActivity(nowMs()),
  );

  const calibrate = (
    path: string,
    summary: string,
    body: ReturnType<typeof Type.Object> | null,
    toEvent: (
      shelfId: string,
      body: { capacityKg?: number } | null,
    ) =>
      | { type: 'tare'; shelfId: string }
      | { type: 'markFull'; shelfId: string }
      | { type: 'setCapacity'; shelfId: string; capacityKg: number },
  ) =>
    app.post(
      path,
      organiserRoute(
        { summary, params: ShelfParams, ...(body ? { body } : {}), response: { 200: FridgeStatusSchema } },
        FRIDGE_REFUSALS,
      ),
      async (request) => {
        const { id, shelfId } = request.params as { id: string; shelfId: string };
        const fridge = requireFridge(catalog, id);
        if (!fridge.shelves.some((s) => s.id === shelfId)) {
          throw new AppError('SHELF_NOT_FOUND', id, shelfId);
        }
        estimation.calibrate(id, toEvent(shelfId, (request.body as { capacityKg?: number } | null) ?? null));
        return requireFridgeStatus(catalog, id);
      },
    );

  calibrate(
    '/api/fridges/:id/shelves/:shelfId/tare',
    'Tare now: the shelf is empty, its reading becomes its tare (organisers)',
    null,
    (shelfId) => ({ type: 'tare', shelfId }),
  );
  calibrate(
    '/api/fridges/:id/shelves/:shelfId/mark-full',
    'Mark full: the shelf is full now, its stock becomes its capacity (organisers)',
    null,
    (shelfId) => ({ type: 'markFull', shelfId }),
  );
  calibrate(
    '/api/fridges/:id/shelves/:shelfId/capacity',
    'Set the food a shelf holds when full (organisers)',
    Type.Object(
      { capacityKg: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }) },
      { additionalProperties: false },
    ),
    (shelfId, body) => ({ type: 'setCapacity', shelfId, capacityKg: body?.capacityKg ?? 0 }),
  );
};
