import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ReportBodySchema, ReportReceiptSchema, ReportViewSchema } from '../../../contract/publicSite';
import { organiserRoute, publicRoute } from '../../api/routeKit';
import { FridgeIdParamsSchema } from '../../api/schemas';
import type { ReportsFeature } from './reportsFeature';

export interface ReportRouteOptions {
  feature: ReportsFeature;
}

const StatusFilter = Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], {
  description: 'open (default), resolved, or all',
});

/** A neighbour's one-tap report (no token; rate-limited per address) and the organisers' queue. */
export const reportRoutes: FastifyPluginAsyncTypebox<ReportRouteOptions> = async (app, { feature }) => {
  app.post(
    '/api/fridges/:id/reports',
    publicRoute(
      {
        summary:
          'Report a problem with a fridge: broken door, dirty, not cold, empty though it says full, other',
        params: FridgeIdParamsSchema,
        body: ReportBodySchema,
        response: { 201: ReportReceiptSchema },
      },
      [400, 404],
    ),
    async (request, reply) => {
      const report = feature.report(request.params.id, request.body);
      return reply
        .code(201)
        .send({ kind: report.kind, receivedAt: new Date(report.createdAtMs).toISOString() });
    },
  );

  app.get(
    '/api/reports',
    organiserRoute({
      summary: 'Problem reports from neighbours, newest first (organisers)',
      querystring: Type.Object(
        {
          status: Type.Optional(StatusFilter),
          limit: Type.Optional(
            Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: '1-1000, default 200' }),
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Array(ReportViewSchema) },
    }),
    async (request) => {
      const status = request.query.status ?? 'open';
      return feature.list(status === 'all' ? null : status, Number(request.query.limit ?? 200));
    },
  );

  app.post(
    '/api/reports/:id/resolve',
    organiserRoute({
      summary: 'Resolve a report, with every other open report of the same fridge and kind (organisers)',
      params: Type.Object({ id: Type.String({ pattern: '^p-[0-9a-f]{12}$' }) }),
      response: { 200: ReportViewSchema },
    }),
    async (request) => feature.resolve(request.params.id),
  );
};
