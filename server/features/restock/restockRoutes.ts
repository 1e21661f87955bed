import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ApiErrorSchema, Slug } from '../../../contract/api';
import {
  ClaimBodySchema,
  ClaimViewSchema,
  OrganiserClaimBodySchema,
  RestockHistorySchema,
  RestockRequestSchema,
  RestockSettingsSchema,
} from '../../../contract/restock';
import { isoTime } from '../../clock';
import type { RestockRequest } from '../../domain/restock/types';
import { formatLocalTime } from '../../domain/timeOfDay';
import { AppError, fridgeNotFound } from '../../errors';
import type { FridgeCatalog } from '../fridgeCatalog';
import { acceptFormBodies } from '../notifications/formBody';
import { escapeHtml, PAGE_HEADERS, renderPage } from '../notifications/html';
import { TOKEN_MAX_LENGTH, tokenError } from '../notifications/tokens';
import { volunteerNotFound } from '../notifications/volunteerDirectory';
import {
  alreadyClaimedPage,
  type ClaimPageFacts,
  claimedPage,
  closedPage,
  linkPage,
  type Page,
  releasedPage,
} from './claimPage';
import { requestView, type ViewNames } from './requestView';
import type { CommandResult, RestockFeature } from './restockFeature';
import { CLAIM_PURPOSE, stockLine } from './restockNotices';

export interface RestockRouteOptions {
  feature: RestockFeature;
  catalog: FridgeCatalog;
  nowMs: () => number;
}

const errors = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
  404: ApiErrorSchema,
  409: ApiErrorSchema,
  410: ApiErrorSchema,
};
const RequestIdParams = Type.Object({ id: Type.String({ pattern: '^r-[0-9a-f]{12}$' }) });
const FridgeIdParams = Type.Object({ id: Slug });
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: TOKEN_MAX_LENGTH }) });
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

export const requestNotFound = (id: string) => new AppError('RESTOCK_REQUEST_NOT_FOUND', id);

/** A refused command as the named API error. */
function refusalError(
  result: Extract<CommandResult, { ok: false }>,
  names: ViewNames,
  timeZone: string,
): AppError {
  const { refusal } = result;
  switch (refusal.reason) {
    case 'no-active-request':
      return new AppError('REQUEST_CLOSED', 'no longer open');
    case 'request-closed':
      return new AppError('REQUEST_CLOSED', refusal.request?.status ?? 'closed');
    case 'already-claimed': {
      const name = names.volunteerName?.(refusal.claim.volunteerId) ?? 'another volunteer';
      return new AppError('ALREADY_CLAIMED', name, formatLocalTime(refusal.claim.etaMs, timeZone));
    }
    case 'already-open':
      return new AppError('REQUEST_ALREADY_OPEN', refusal.request.id);
    case 'not-claimer':
      return new AppError('NOT_CLAIMER');
  }
}

/** Restock requests: the public list, organiser commands, history, settings, and claim links. */
export const restockRoutes: FastifyPluginAsyncTypebox<RestockRouteOptions> = async (app, options) => {
  const { feature, catalog, nowMs } = options;
  const notifications = feature.notifications;
  const timeZone = notifications.timeZone;
  acceptFormBodies(app);

  const fridgeName = (id: string) => catalog.definition(id)?.name ?? null;
  const volunteerName = (id: string) => notifications.volunteers.get(id)?.name ?? null;
  const organiserNames: ViewNames = { fridgeName, volunteerName };
  const publicNames: ViewNames = { fridgeName, volunteerName: null };
  /** Organisers see who claimed; the public sees only that someone did. */
  const namesFor = (request: FastifyRequest): ViewNames => (request.organiser ? organiserNames : publicNames);
  const answer = (result: CommandResult) => {
    if (!result.ok) throw refusalError(result, organiserNames, timeZone);
    return requestView(result.request, organiserNames);
  };
  const findRequest = (id: string): RestockRequest => {
    const request = feature.request(id);
    if (!request) throw requestNotFound(id);
    return request;
  };

  app.get(
    '/api/restock-requests',
    {
      config: { access: 'optionalOrganiser' },
      schema: {
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
        response: { 200: Type.Array(RestockRequestSchema), 400: ApiErrorSchema },
      },
    },
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
    {
      config: { access: 'optionalOrganiser' },
      schema: {
        summary: 'One restock request',
        params: RequestIdParams,
        response: { 200: RestockRequestSchema, 404: ApiErrorSchema },
      },
    },
    async (request) => requestView(findRequest(request.params.id), namesFor(request)),
  );

  app.post(
    '/api/restock-requests',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Raise a restock request by hand (organisers); at most one open per fridge',
        body: Type.Object({ fridgeId: Slug }, { additionalProperties: false }),
        response: { 201: RestockRequestSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (!catalog.definition(request.body.fridgeId)) throw fridgeNotFound(request.body.fridgeId);
      return reply.code(201).send(answer(feature.raise(request.body.fridgeId)));
    },
  );

  app.post(
    '/api/restock-requests/:id/claim',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Claim a request for a volunteer, with an optional ETA (organisers)',
        params: RequestIdParams,
        body: OrganiserClaimBodySchema,
        response: { 200: RestockRequestSchema, ...errors },
      },
    },
    async (request) => {
      findRequest(request.params.id);
      if (!notifications.volunteers.get(request.body.volunteerId))
        throw volunteerNotFound(request.body.volunteerId);
      const etaMs = request.body.etaMinutes === undefined ? null : nowMs() + request.body.etaMinutes * 60_000;
      return answer(feature.claim(request.params.id, request.body.volunteerId, etaMs));
    },
  );

  app.post(
    '/api/restock-requests/:id/release',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Take the claim back from whoever holds it; the request reopens (organisers)',
        params: RequestIdParams,
        response: { 200: RestockRequestSchema, ...errors },
      },
    },
    async (request) => {
      findRequest(request.params.id);
      return answer(feature.release(request.params.id, null));
    },
  );

  app.post(
    '/api/restock-requests/:id/cancel',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Cancel a request (organisers); low stock raises no new one for a while',
        params: RequestIdParams,
        response: { 200: RestockRequestSchema, ...errors },
      },
    },
    async (request) => {
      findRequest(request.params.id);
      return answer(feature.cancel(request.params.id));
    },
  );

  app.get(
    '/api/fridges/:id/restock-history',
    {
      config: { access: 'optionalOrganiser' },
      schema: {
        summary:
          'Requests of one fridge with time to claim and time to fulfil: the figures organisers report',
        params: FridgeIdParams,
        querystring: Type.Object(
          { days: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'default 90' })) },
          { additionalProperties: false },
        ),
        response: { 200: RestockHistorySchema, 400: ApiErrorSchema, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const fridgeId = request.params.id;
      if (!catalog.definition(fridgeId)) throw fridgeNotFound(fridgeId);
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
    {
      config: { access: 'organiser' },
      schema: {
        summary: "A fridge's restock settings: raise level, area, active hours (organisers)",
        params: FridgeIdParams,
        response: { 200: RestockSettingsSchema, ...errors },
      },
    },
    async (request) => {
      if (!catalog.definition(request.params.id)) throw fridgeNotFound(request.params.id);
      return feature.settings(request.params.id);
    },
  );

  app.put(
    '/api/fridges/:id/restock-settings',
    {
      config: { access: 'organiser' },
      schema: {
        summary: "Set a fridge's restock settings (organisers)",
        params: FridgeIdParams,
        body: RestockSettingsSchema,
        response: { 200: RestockSettingsSchema, ...errors },
      },
    },
    async (request) => {
      if (!catalog.definition(request.params.id)) throw fridgeNotFound(request.params.id);
      return feature.saveSettings(request.params.id, request.body);
    },
  );

  // --- Claim links: the signed token is the permission; no account. ---

  interface LinkHolder {
    request: RestockRequest;
    volunteerId: string;
    volunteerName: string;
  }
  const holderOf = (token: string): LinkHolder => {
    const check = notifications.links.verify(token, CLAIM_PURPOSE, nowMs());
    if (!check.ok) throw tokenError(check);
    const [requestId = '', volunteerId = ''] = check.payload.values;
    const request = findRequest(requestId);
    const name = volunteerName(volunteerId);
    if (name === null) throw volunteerNotFound(volunteerId);
    return { request, volunteerId, volunteerName: name };
  };
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
    {
      config: { access: 'signedLink' },
      schema: {
        summary: 'What a claim link points to (for a dashboard screen); reading changes nothing',
        params: TokenParams,
        response: { 200: ClaimViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const holder = holderOf(request.params.token);
      return claimView(holder, holder.request);
    },
  );

  app.post(
    '/api/claim/:token',
    {
      config: { access: 'signedLink' },
      schema: {
        summary: 'Claim through a claim link, with an optional ETA; again with a new ETA to change it',
        params: TokenParams,
        body: Type.Union([ClaimBodySchema, Type.Null()]),
        response: { 200: ClaimViewSchema, ...errors },
      },
    },
    async (request) => {
      const holder = holderOf(request.params.token);
      const minutes = request.body?.etaMinutes;
      const etaMs = minutes === undefined ? null : nowMs() + minutes * 60_000;
      const result = feature.claim(holder.request.id, holder.volunteerId, etaMs);
      if (!result.ok) throw refusalError(result, organiserNames, timeZone);
      return claimView(holder, result.request);
    },
  );

  app.post(
    '/api/claim/:token/release',
    {
      config: { access: 'signedLink' },
      schema: {
        summary: 'Give a claim back through the claim link; the request reopens to others',
        params: TokenParams,
        response: { 200: ClaimViewSchema, ...errors },
      },
    },
    async (request) => {
      const holder = holderOf(request.params.token);
      const result = feature.release(holder.request.id, holder.volunteerId);
      if (!result.ok) throw refusalError(result, organiserNames, timeZone);
      return claimView(holder, result.request);
    },
  );

  const sendPage = (reply: FastifyReply, page: Page) =>
    reply
      .code(page.status)
      .headers(PAGE_HEADERS)
      .send(renderPage(page.title, page.tone, page.html));
  const errorPage = (err: unknown): Page => {
    if (!(err instanceof AppError)) throw err;
    const title =
      err.code === 'TOKEN_EXPIRED'
        ? 'This link has expired'
        : err.code === 'TOKEN_INVALID'
          ? 'This link does not work'
          : 'Nothing to claim here';
    return {
      status: err.statusCode,
      title,
      tone: 'bad',
      html: `<p>${escapeHtml(err.message)}.</p><p>Nothing was changed.</p>`,
    };
  };
  const facts = (holder: LinkHolder, request: RestockRequest, token: string): ClaimPageFacts => {
    const claimerId = request.claim?.volunteerId ?? null;
    return {
      request,
      fridgeName: fridgeName(request.fridgeId) ?? request.fridgeId,
      address: catalog.definition(request.fridgeId)?.address ?? null,
      volunteerId: holder.volunteerId,
      volunteerName: holder.volunteerName,
      need: stockLine(request, catalog.status(request.fridgeId)),
      claimerName: claimerId === null ? null : volunteerName(claimerId),
      timeZone,
      token,
    };
  };
  /** The page for the outcome of a claim. */
  const claimOutcomePage = (
    holder: LinkHolder,
    result: CommandResult,
    token: string,
    note: string | null,
  ): Page => {
    if (result.ok) return claimedPage(facts(holder, result.request, token), note);
    const current = result.request ?? holder.request;
    if (result.refusal.reason === 'already-claimed') return alreadyClaimedPage(facts(holder, current, token));
    return closedPage(facts(holder, current, token));
  };

  app.get(
    '/claim/:token',
    {
      config: { access: 'signedLink' },
      schema: {
        summary:
          'The link in a restock notice: shows the request and the button that claims it. Opening it changes nothing (mail scanners open links too)',
        params: TokenParams,
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      try {
        const holder = holderOf(token);
        return sendPage(reply, linkPage(facts(holder, holder.request, token)));
      } catch (err) {
        return sendPage(reply, errorPage(err));
      }
    },
  );

  app.post(
    '/claim/:token',
    {
      config: { access: 'signedLink' },
      schema: {
        summary:
          'The buttons of the claim page: claim ("I\'ll restock it"), set an ETA, or release the claim',
        params: TokenParams,
        body: Type.Record(Type.String(), Type.String()),
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      let holder: LinkHolder;
      try {
        holder = holderOf(token);
      } catch (err) {
        return sendPage(reply, errorPage(err));
      }
      const form = request.body;
      switch (form.action) {
        case 'claim':
          return sendPage(
            reply,
            claimOutcomePage(holder, feature.claim(holder.request.id, holder.volunteerId, null), token, null),
          );
        case 'release': {
          const result = feature.release(holder.request.id, holder.volunteerId);
          if (result.ok) return sendPage(reply, releasedPage(facts(holder, result.request, token)));
          return sendPage(reply, claimOutcomePage(holder, result, token, null));
        }
        case 'eta': {
          const minutes = Number(form.etaMinutes);
          if (!Number.isInteger(minutes) || minutes < 5 || minutes > 24 * 60) {
            return sendPage(
              reply,
              errorPage(new AppError('BAD_REQUEST', 'the ETA must be 5 minutes to 24 hours away')),
            );
          }
          const result = feature.claim(holder.request.id, holder.volunteerId, nowMs() + minutes * 60_000);
          return sendPage(reply, claimOutcomePage(holder, result, token, result.ok ? 'ETA saved.' : null));
        }
        default:
          return sendPage(
            reply,
            errorPage(new AppError('BAD_REQUEST', 'this form asks for nothing this page knows')),
          );
      }
    },
  );
};
