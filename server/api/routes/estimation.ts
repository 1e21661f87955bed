import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { FridgeStatusSchema, Slug } from '../../../contract/api';
import { DoorSessionSchema, NetworkActivitySchema, StockPointSchema } from '../../../contract/estimates';
import { AppError, fridgeNotFound } from '../../errors';
import type { FridgeCatalog } from '../../features/fridgeCatalog';
import type { StockEstimation } from '../../features/stockEstimation';
import type { SessionStore } from '../../storage/sessionStore';
import type { StockHistoryStore } from '../../storage/stockHistoryStore';
import { errorResponses } from '../schemas';

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
  const known = (id: string) => {
    if (!catalog.definition(id)) throw fridgeNotFound(id);
  };

  app.get(
    '/api/fridges/:id/sessions',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Door sessions (visits and restocks) with kg taken and added per shelf',
        params: Type.Object({ id: Slug }),
        querystring: RangeQuery,
        response: { 200: Type.Array(DoorSessionSchema), ...errorResponses },
      },
    },
    async (request) => {
      known(request.params.id);
      const { fromMs, toMs } = range(request.query, nowMs());
      return sessions.between(request.params.id, fromMs, toMs).map((s) => ({
        openedAt: new Date(s.openedAt).toISOString(),
        closedAt: new Date(s.closedAt).toISOString(),
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
    {
      config: { access: 'public' },
      schema: {
        summary: 'Estimated stock over time, for charts',
        params: Type.Object({ id: Slug }),
        querystring: RangeQuery,
        response: { 200: Type.Array(StockPointSchema), ...errorResponses },
      },
    },
    async (request) => {
      known(request.params.id);
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
    {
      config: { access: 'public' },
      schema: {
        summary: 'Visits and kg taken and added today and this week: per fridge and for the network',
        response: { 200: NetworkActivitySchema },
      },
    },
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
      {
        config: { access: 'organiser' },
        schema: {
          summary,
          params: ShelfParams,
          ...(body ? { body } : {}),
          response: { 200: FridgeStatusSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { id, shelfId } = request.params as { id: string; shelfId: string };
        const fridge = catalog.definition(id);
        if (!fridge) throw fridgeNotFound(id);
        if (!fridge.shelves.some((s) => s.id === shelfId)) {
          throw new AppError('SHELF_NOT_FOUND', id, shelfId);
        }
        estimation.calibrate(id, toEvent(shelfId, (request.body as { capacityKg?: number } | null) ?? null));
        const status = catalog.status(id);
        if (!status) throw fridgeNotFound(id);
        return status;
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
