import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AcknowledgeBodySchema,
  AlertSettingsSchema,
  AlertViewSchema,
  FleetHealthSchema,
  TemperatureLogSchema,
} from '../../../contract/alerts';
import { Slug } from '../../../contract/api';
import { acceptFormBodies, PAGE_HEADERS, renderPage } from '../../api/htmlPages';
import { organiserRoute, publicRoute, requireFridge } from '../../api/routeKit';
import { thresholdsOf, thresholdsProblem } from '../../domain/alerts/config';
import type { Alert } from '../../domain/alerts/types';
import { AppError } from '../../errors';
import type { FridgeCatalog } from '../fridgeCatalog';
import type { AcknowledgeResult, AlertsFeature } from './alertsFeature';
import { temperatureLogCsv } from './temperatureLogCsv';
import { temperatureLogHtml } from './temperatureLogPage';

export interface AlertRouteOptions {
  feature: AlertsFeature;
  catalog: FridgeCatalog;
  nowMs: () => number;
}

const AlertIdParams = Type.Object({ id: Type.String({ pattern: '^al-[0-9a-f]{12}$' }) });
const FridgeIdParams = Type.Object({ id: Slug });
const DAY_MS = 24 * 3600_000;
/** A log request may span at most this much: a year of hours is 8,760 rows. */
const MAX_LOG_SPAN_MS = 400 * DAY_MS;

const alertNotFound = (id: string) => new AppError('ALERT_NOT_FOUND', id);

function answer(result: AcknowledgeResult, id: string): Alert {
  if (result.ok) return result.alert;
  if (result.refusal.reason === 'already-resolved') throw new AppError('ALERT_RESOLVED');
  throw alertNotFound(id);
}

function parseTime(value: string | undefined, fallbackMs: number, field: string): number {
  if (value === undefined) return fallbackMs;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new AppError('BAD_REQUEST', `${field}: is not an ISO 8601 time`);
  return ms;
}

/** Alerts, the acknowledge link, fleet health, per-fridge alert settings and the temperature log. */
export const alertRoutes: FastifyPluginAsyncTypebox<AlertRouteOptions> = async (app, options) => {
  const { feature, catalog, nowMs } = options;
  acceptFormBodies(app);

  app.get(
    '/api/alerts',
    organiserRoute(
      {
        summary: 'Alerts, newest first (organisers)',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(
                [
                  Type.Literal('open'),
                  Type.Literal('active'),
                  Type.Literal('acknowledged'),
                  Type.Literal('resolved'),
                ],
                { description: 'one status, or open for active and acknowledged' },
              ),
            ),
            fridge: Type.Optional(Slug),
            limit: Type.Optional(
              Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: '1-1000, default 100' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AlertViewSchema) },
      },
      [400, 401, 403, 404, 409],
    ),
    async (request) =>
      feature
        .alerts({
          status: request.query.status,
          fridgeId: request.query.fridge,
          limit: Number(request.query.limit ?? 100),
        })
        .map((a) => feature.view(a)),
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    organiserRoute(
      {
        summary: 'Acknowledge an alert: who takes care of it, and the action taken (organisers)',
        params: AlertIdParams,
        body: AcknowledgeBodySchema,
        response: { 200: AlertViewSchema },
      },
      [400, 401, 403, 404, 409],
    ),
    async (request) => {
      const { id } = request.params;
      const result = feature.acknowledge(id, request.body.by, request.body.note ?? null);
      return feature.view(answer(result, id));
    },
  );

  app.get(
    '/api/health/fleet',
    organiserRoute(
      {
        summary: 'Devices online, offline and on low battery, and fridges with active alerts (organisers)',
        response: { 200: FleetHealthSchema },
      },
      [400, 401, 403, 404, 409],
    ),
    async () => feature.fleet(),
  );

  app.get(
    '/api/fridges/:id/alert-settings',
    organiserRoute(
      {
        summary: "A fridge's alert profile, probe type and threshold overrides (organisers)",
        params: FridgeIdParams,
        response: { 200: AlertSettingsSchema },
      },
      [400, 401, 403, 404, 409],
    ),
    async (request) => {
      requireFridge(catalog, request.params.id);
      const { profile, probe, thresholds } = feature.settings(request.params.id);
      return { profile, probe, thresholds };
    },
  );

  app.put(
    '/api/fridges/:id/alert-settings',
    organiserRoute(
      {
        summary:
          'Set the alert profile (fridge, freezer, none), probe type (air, buffered) and threshold overrides; thresholds replace the previous overrides when given (organisers)',
        params: FridgeIdParams,
        body: AlertSettingsSchema,
        response: { 200: AlertSettingsSchema },
      },
      [400, 401, 403, 404, 409],
    ),
    async (request) => {
      requireFridge(catalog, request.params.id);
      const current = feature.settings(request.params.id);
      const next = { ...current, ...request.body };
      const problem = thresholdsProblem(thresholdsOf(next), next.thresholds);
      if (problem) throw new AppError('BAD_REQUEST', problem);
      const saved = feature.saveSettings(request.params.id, next);
      return { profile: saved.profile, probe: saved.probe, thresholds: saved.thresholds };
    },
  );

  app.get(
    '/api/fridges/:id/temperature-log',
    publicRoute(
      {
        summary:
          'The temperature log (HACCP practice): min, max and mean per hour, and every excursion with its action; format=csv for a spreadsheet, html to print',
        params: FridgeIdParams,
        querystring: Type.Object(
          {
            from: Type.Optional(
              Type.String({ maxLength: 40, description: 'ISO 8601; default 24 h before `to`' }),
            ),
            to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601; default now' })),
            format: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('html')], {
                description: 'json (default), csv (one row per hour) or html (a page to print)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: TemperatureLogSchema },
      },
      [400, 404],
    ),
    async (request, reply) => {
      const fridge = requireFridge(catalog, request.params.id);
      const toMs = parseTime(request.query.to, nowMs(), 'to');
      const fromMs = parseTime(request.query.from, toMs - DAY_MS, 'from');
      if (fromMs >= toMs) throw new AppError('BAD_REQUEST', 'from: must be before to');
      if (toMs - fromMs > MAX_LOG_SPAN_MS)
        throw new AppError('BAD_REQUEST', 'from: at most 400 days before to');
      const log = feature.temperatureLog(fridge.id, fromMs, toMs);
      if (request.query.format === 'csv') {
        return (
          reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${fridge.id}-temperature-log.csv"`)
            .serializer((body: unknown) => String(body))
            // The 200 schema types the JSON form; this own serializer sends the CSV text as it is.
            .send(temperatureLogCsv(log) as never)
        );
      }
      if (request.query.format === 'html') {
        return (
          reply
            .code(200)
            .headers(PAGE_HEADERS)
            .serializer((body: unknown) => String(body))
            // As for CSV: the 200 schema types the JSON form.
            .send(renderPage('Temperature log', 'ok', temperatureLogHtml(log, fridge.name)) as never)
        );
      }
      return log;
    },
  );
};
