import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Slug } from '../../../contract/api';
import {
  OrganiserClaimBodySchema,
  RestockHistorySchema,
  RestockRequestSchema,
  RestockSettingsSchema,
} from '../../../contract/restock';
import { optionalOrganiserRoute, organiserRoute, requireFridge } from '../../api/routeKit';
import { isoTime } from '../../clock';
import { AppError } from '../../errors';
import { requestView } from './requestView';
import { RequestIdParams, type RestockRouteOptions, restockHttp } from './restockHttp';

const FridgeIdParams = Type.Object({ id: Slug });
const StatusFilter = Type.Union(
  [
    Type.Literal('active'),
    Type.Literal('open'),
    Type.Literal('claimed'),
    Type.Literal('fulfilled'),
    Type.Literal('cancelled'),
    Type.Literal('expired'),
  ],
  { description: 'one status, or active for open and claimed' },
);
const DAY_MS = 24 * 3600_000;

/** Restock requests as JSON: the public list and history, organisers' commands and settings. */
export const requestRoutes: FastifyPluginAsyncTypebox<RestockRouteOptions> = async (app, options) => {
  const { feature, catalog, nowMs } = options;
  const { namesFor, answer, findRequest } = restockHttp(options);

  app.get(
    '/api/restock-requests',
    optionalOrganiserRoute(
      {
        summary: 'Restock requests, newest first; names of claimers only for organisers',
        querystring: Type.Object(
          {
            status: Type.Optional(StatusFilter),
            fridge: Type.Optional(Slug),
            limit: Type.Optional(
              Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: '1-1000, default 100' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(RestockRequestSchema) },
      },
      [400],
    ),
    async (request) => {
      const names = namesFor(request);
      return feature
        .requests({
          status: request.query.status,
          fridgeId: request.query.fridge,
          limit: Number(request.query.limit ?? 100),
        })
        .map((r) => requestView(r, names));
    },
  );

  app.get(
    '/api/restock-requests/:id',
    optionalOrganiserRoute(
      { summary: 'One restock request', params: RequestIdParams, response: { 200: RestockRequestSchema } },
      [404],
    ),
    async (request) => requestView(findRequest(request.params.id), namesFor(request)),
  );

  app.post(
    '/api/restock-requests',
    organiserRoute({
      summary: 'Raise a restock request by hand (organisers); at most one open per fridge',
      body: Type.Object({ fridgeId: Slug }, { additionalProperties: false }),
      response: { 201: RestockRequestSchema },
    }),
    async (request, reply) => {
      requireFridge(catalog, request.body.fridgeId);
      return reply.code(201).send(answer(feature.raise(request.body.fridgeId)));
    },
  );

  app.post(
    '/api/restock-requests/:id/claim',
    organiserRoute({
      summary: 'Claim a request for a volunteer, with an optional ETA (organisers)',
      params: RequestIdParams,
      body: OrganiserClaimBodySchema,
      response: { 200: RestockRequestSchema },
    }),
    async (request) => {
      findRequest(request.params.id);
      const { volunteerId, etaMinutes } = request.body;
      if (!feature.notifications.volunteers.get(volunteerId))
        throw new AppError('VOLUNTEER_NOT_FOUND', volunteerId);
      const etaMs = etaMinutes === undefined ? null : nowMs() + etaMinutes * 60_000;
      return answer(feature.claim(request.params.id, volunteerId, etaMs));
    },
  );

  app.post(
    '/api/restock-requests/:id/release',
    organiserRoute({
      summary: 'Take the claim back from whoever holds it; the request reopens (organisers)',
      params: RequestIdParams,
      response: { 200: RestockRequestSchema },
    }),
    async (request) => {
      findRequest(request.params.id);
      return answer(feature.release(request.params.id, null));
    },
  );

  app.post(
    '/api/restock-requests/:id/cancel',
    organiserRoute({
      summary: 'Cancel a request (organisers); low stock raises no new one for a while',
      params: RequestIdParams,
      response: { 200: RestockRequestSchema },
    }),
    async (request) => {
      findRequest(request.params.id);
      return answer(feature.cancel(request.params.id));
    },
  );

  app.get(
    '/api/fridges/:id/restock-history',
    optionalOrganiserRoute(
      {
        summary:
          'Requests of one fridge with time to claim and time to fulfil: the figures organisers report',
        params: FridgeIdParams,
        querystring: Type.Object(
          { days: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'default 90' })) },
          { additionalProperties: false },
        ),
        response: { 200: RestockHistorySchema },
      },
      [400, 404],
    ),
    async (request) => {
      const fridgeId = request.params.id;
      requireFridge(catalog, fridgeId);
      const sinceMs = nowMs() - Number(request.query.days ?? 90) * DAY_MS;
      const names = namesFor(request);
      const { requests, summary } = feature.history(fridgeId, sinceMs);
      return {
        fridgeId,
        since: isoTime(sinceMs) ?? '',
        summary,
        requests: requests.map((r) => requestView(r, names)),
      };
    },
  );

  app.get(
    '/api/fridges/:id/restock-settings',
    organiserRoute({
      summary: "A fridge's restock settings: raise level, area, active hours (organisers)",
      params: FridgeIdParams,
      response: { 200: RestockSettingsSchema },
    }),
    async (request) => {
      requireFridge(catalog, request.params.id);
      return feature.settings(request.params.id);
    },
  );

  app.put(
    '/api/fridges/:id/restock-settings',
    organiserRoute({
      summary: "Set a fridge's restock settings (organisers)",
      params: FridgeIdParams,
      body: RestockSettingsSchema,
      response: { 200: RestockSettingsSchema },
    }),
    async (request) => {
      requireFridge(catalog, request.params.id);
      return feature.saveSettings(request.params.id, request.body);
    },
  );
};
