import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { publicRoute } from '../routeKit';
import { HealthSchema } from '../schemas';

export type HealthReport = Static<typeof HealthSchema>;

export const healthRoutes: FastifyPluginAsyncTypebox<{ health: () => HealthReport }> = async (
  app,
  { health },
) => {
  app.get(
    '/api/health',
    publicRoute({
      summary: 'Whether the broker and storage work; 503 when either does not',
      response: { 200: HealthSchema, 503: HealthSchema },
    }),
    async (_request, reply) => {
      const report = health();
      return reply.code(report.status === 'ok' ? 200 : 503).send(report);
    },
  );
};
