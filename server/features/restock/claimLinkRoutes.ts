import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ClaimBodySchema, ClaimViewSchema } from '../../../contract/restock';
import { signedLinkRoute, TokenParams } from '../../api/routeKit';
import type { RestockRequest } from '../../domain/restock/types';
import { requestView } from './requestView';
import { type LinkHolder, type RestockRouteOptions, restockHttp } from './restockHttp';

/** Claim links as JSON (for a dashboard screen): the signed token is the permission; no account. */
export const claimLinkRoutes: FastifyPluginAsyncTypebox<RestockRouteOptions> = async (app, options) => {
  const { feature, nowMs } = options;
  const { holderOf, refused, organiserNames, publicNames } = restockHttp(options);

  const claimView = (holder: LinkHolder, request: RestockRequest) => {
    const mine = request.status === 'claimed' && request.claim?.volunteerId === holder.volunteerId;
    return {
      request: requestView(request, mine ? organiserNames : publicNames),
      volunteer: { id: holder.volunteerId, name: holder.volunteerName },
      mine,
    };
  };

  app.get(
    '/api/claim/:token',
    signedLinkRoute({
      summary: 'What a claim link points to (for a dashboard screen); reading changes nothing',
      params: TokenParams,
      response: { 200: ClaimViewSchema },
    }),
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const holder = holderOf(request.params.token);
      return claimView(holder, holder.request);
    },
  );

  app.post(
    '/api/claim/:token',
    signedLinkRoute({
      summary: 'Claim through a claim link, with an optional ETA; again with a new ETA to change it',
      params: TokenParams,
      body: Type.Union([ClaimBodySchema, Type.Null()]),
      response: { 200: ClaimViewSchema },
    }),
    async (request) => {
      const holder = holderOf(request.params.token);
      const minutes = request.body?.etaMinutes;
      const etaMs = minutes === undefined ? null : nowMs() + minutes * 60_000;
      const result = feature.claim(holder.request.id, holder.volunteerId, etaMs);
      if (!result.ok) throw refused(result);
      return claimView(holder, result.request);
    },
  );

  app.post(
    '/api/claim/:token/release',
    signedLinkRoute({
      summary: 'Give a claim back through the claim link; the request reopens to others',
      params: TokenParams,
      response: { 200: ClaimViewSchema },
    }),
    async (request) => {
      const holder = holderOf(request.params.token);
      const result = feature.release(holder.request.id, holder.volunteerId);
      if (!result.ok) throw refused(result);
      return claimView(holder, result.request);
    },
  );
};
