import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedLinkValues } from '../../api/routeKit';
import type { RestockRequest } from '../../domain/restock/types';
import { formatLocalTime } from '../../domain/timeOfDay';
import { AppError } from '../../errors';
import type { FridgeCatalog } from '../fridgeCatalog';
import { requestView, type ViewNames } from './requestView';
import type { CommandResult, RestockFeature } from './restockFeature';
import { CLAIM_PURPOSE } from './restockNotices';

/** What every restock route plugin is given. */
export interface RestockRouteOptions {
  feature: RestockFeature;
  catalog: FridgeCatalog;
  nowMs: () => number;
}

export const RequestIdParams = Type.Object({ id: Type.String({ pattern: '^r-[0-9a-f]{12}$' }) });

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

/** The holder of a claim link and the request it points to. */
export interface LinkHolder {
  request: RestockRequest;
  volunteerId: string;
  volunteerName: string;
  /** Their language: the claim page speaks it. */
  language: string;
}

/**
 * What the restock routes share: names as each audience may see them, the request a route names,
 * the holder of a claim link, and refused commands as named errors.
 */
export function restockHttp({ feature, catalog, nowMs }: RestockRouteOptions) {
  const notifications = feature.notifications;
  const timeZone = notifications.timeZone;
  const fridgeName = (id: string) => catalog.definition(id)?.name ?? null;
  const volunteerName = (id: string) => notifications.volunteers.get(id)?.name ?? null;
  const organiserNames: ViewNames = { fridgeName, volunteerName };
  const publicNames: ViewNames = { fridgeName, volunteerName: null };
  const findRequest = (id: string): RestockRequest => {
    const request = feature.request(id);
    if (!request) throw requestNotFound(id);
    return request;
  };
  const refused = (result: Extract<CommandResult, { ok: false }>) =>
    refusalError(result, organiserNames, timeZone);
  return {
    timeZone,
    fridgeName,
    volunteerName,
    organiserNames,
    publicNames,
    findRequest,
    refused,
    /** Organisers see who claimed; the public sees only that someone did. */
    namesFor: (request: FastifyRequest): ViewNames => (request.organiser ? organiserNames : publicNames),
    /** An organiser's command: the request as organisers see it, or the refusal. */
    answer: (result: CommandResult) => {
      if (!result.ok) throw refused(result);
      return requestView(result.request, organiserNames);
    },
    /** The volunteer holding a claim link and its request; the token is the permission. */
    holderOf: (token: string): LinkHolder => {
      const [requestId = '', volunteerId = ''] = signedLinkValues(
        notifications.links,
        token,
        CLAIM_PURPOSE,
        nowMs(),
      );
      const request = findRequest(requestId);
      const volunteer = notifications.volunteers.get(volunteerId);
      if (volunteer === null) throw new AppError('VOLUNTEER_NOT_FOUND', volunteerId);
      return { request, volunteerId, volunteerName: volunteer.name, language: volunteer.language };
    },
  };
}

export type RestockHttp = ReturnType<typeof restockHttp>;
