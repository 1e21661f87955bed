import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { IMPORT_LIMITS, ImportResultSchema } from '../../../contract/bulkImport';
import { credentialsCsv, type SiteImport } from '../../features/siteImport/siteImport';
import { FRIDGE_REFUSALS, organiserRoute } from '../routeKit';

export interface SiteImportRouteOptions {
  siteImport: SiteImport;
  mqttUrlFor: (requestHostname: string) => string;
}

/**
 * `POST /api/import` (organisers): fridges, shelves and devices from JSON or CSV in one request,
 * so one request against the organiser rate limit whatever the size of the network. The answer is
 * the credentials file (JSON, or CSV with `?format=csv`), shown this once.
 */
export const siteImportRoutes: FastifyPluginAsync<SiteImportRouteOptions> = async (app, options) => {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: IMPORT_LIMITS.bodyBytes },
    (_req, body, done) => done(null, body),
  );
  app.post(
    '/api/import',
    {
      bodyLimit: IMPORT_LIMITS.bodyBytes,
      ...organiserRoute(
        {
          summary:
            'Import fridges, shelves and devices (JSON or text/csv), all or nothing; answers the device credentials once (organisers)',
          querystring: Type.Object({
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
          }),
          // Checked by the import itself against ImportBodySchema, which names every problem's row
          // and field at once (CSV line numbers too), where schema validation would stop at the first.
          body: Type.Unknown({
            description: 'JSON ({ fridges: [...] }, contract/bulkImport.ts) or text/csv',
          }),
          response: { 201: ImportResultSchema },
        },
        FRIDGE_REFUSALS,
      ),
    },
    async (request, reply) => {
      const mqttUrl = options.mqttUrlFor(request.hostname);
      const { format } = request.query as { format?: 'json' | 'csv' };
      const result =
        typeof request.body === 'string'
          ? await options.siteImport.importCsv(request.body, mqttUrl)
          : await options.siteImport.import(request.body, mqttUrl);
      reply.code(201).header('cache-control', 'no-store');
      if (format === 'csv')
        return reply
          .header('content-disposition', 'attachment; filename="device-credentials.csv"')
          .type('text/csv; charset=utf-8')
          .send(credentialsCsv(result));
      return reply
        .header('content-disposition', 'attachment; filename="device-credentials.json"')
        .send(result);
    },
  );
};
