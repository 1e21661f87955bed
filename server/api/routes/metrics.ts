import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { organiserRoute } from '../routeKit';

/**
 * `GET /metrics` in Prometheus text format, for organisers only: the figures show how many
 * devices are online and when fridges are used, which is not for the public, and a token on the
 * one listener needs no second port opened or firewalled (docs/operations.md has the scrape job).
 */
export const metricsRoutes: FastifyPluginAsync<{ registry: Registry }> = async (app, { registry }) => {
  app.get(
    '/metrics',
    organiserRoute({ summary: 'Prometheus metrics (organisers): ingest, broker, live feed, Node.js' }, [401]),
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply
        .header('content-type', registry.contentType)
        .header('cache-control', 'no-store')
        .send(text);
    },
  );
};
