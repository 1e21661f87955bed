import type { FridgeStatus } from '../../../contract/api';
import { topics } from '../../../contract/topics';
import type { RestockConfig } from '../../domain/restock/config';
import type { RestockEffect, RestockRequest } from '../../domain/restock/types';
import { formatLocalTime } from '../../domain/timeOfDay';
import type { NoticeContent, NoticeDraft, NoticeLink, SignedLinks } from '../notifications';
import { needsUrl } from '../notifications/needsLinks';
import { requestView } from './requestView';

/** Token purpose of claim links; the values are the request id and the volunteer id. */
export const CLAIM_PURPOSE = 'c';

export interface RestockNoticeDeps {
  status: (fridgeId: string) => FridgeStatus | null;
  fridgeName: (fridgeId: string) => string | null;
  volunteerName: (volunteerId: string) => string | null;
  links: SignedLinks;
  timeZone: string;
  config: RestockConfig;
  nowMs: number;
}

/** The claim link of one volunteer for one request: signed, expiring, no login. */
export function claimToken(
  links: SignedLinks,
  requestId: string,
  volunteerId: string,
  expiresAtMs: number,
): string {
  return links.sign(CLAIM_PURPOSE, [requestId, volunteerId], expiresAtMs);
}

function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** What the fridge needs, in one sentence: the notice and the claim page both say it. */
export function stockLine(request: RestockRequest, status: FridgeStatus | null): string {
  if (request.reason === 'manual') return 'An organiser asked for a restock.';
  const stock = status?.stock;
  if (request.reason === 'forecast' && stock?.level !== 'empty' && stock?.level !== 'few')
    return 'At the rate food is going, it will be empty within a few hours.';
  if (!stock || stock.level === null) return 'It is running low.';
  const words = {
    empty: 'empty',
    few: 'down to a few items',
    many: 'running low',
    full: 'running low',
  } as const;
  const kg = stock.kg === null ? '' : ` (${stock.kg} kg of ${stock.capacityKg} kg)`;
  return `It is ${words[stock.level]}${kg}.`;
}

/**
 * The notice for one change of a request: who hears it, what each reads (with their own
 * claim link), and the message on `fridges/{id}/requests`.
 */
export function restockNotice(
  effect: RestockEffect,
  volunteerIds: readonly string[],
  deps: RestockNoticeDeps,
): NoticeDraft {
  const { request, change } = effect;
  const fridgeName = deps.fridgeName(request.fridgeId) ?? request.fridgeId;
  const status = deps.status(request.fridgeId);
  const address = status?.address ? [`Address: ${status.address}`] : [];
  const liveStatus: NoticeLink = {
    label: 'Live status',
    url: deps.links.url(`/fridges/${request.fridgeId}`),
  };
  const claimLinkExpiresAtMs = deps.nowMs + deps.config.claimLinkTtlMs;
  const claimLink = (volunteerId: string, label: string): NoticeLink => ({
    label,
    url: deps.links.url(`/claim/${claimToken(deps.links, request.id, volunteerId, claimLinkExpiresAtMs)}`),
  });
  // What neighbours should bring, set by whoever stands at the fridge (its own signed link).
  const needsLink = (volunteerId: string): NoticeLink => ({
    label: 'Update what this fridge needs',
    url: needsUrl(deps.links, request.fridgeId, volunteerId, claimLinkExpiresAtMs),
  });
  const formerClaimer = request.claimHistory.at(-1);
  const formerName = formerClaimer ? (deps.volunteerName(formerClaimer) ?? 'The volunteer') : 'The volunteer';
  const at = (ms: number) => formatLocalTime(ms, deps.timeZone);

  const ask =
    (title: string, why: string[]) =>
    (volunteerId: string): NoticeContent => ({
      title,
      paragraphs: [
        stockLine(request, status),
        ...address,
        ...why,
        'The link shows the request; one tap there claims it, so nobody else drives over. You can set your ETA next.',
      ],
      action: claimLink(volunteerId, "I'll restock it"),
      links: [liveStatus, needsLink(volunteerId)],
    });

  let title: string;
  let contentFor: (volunteerId: string) => NoticeContent;
  switch (change) {
    case 'opened':
      title = `${fridgeName} needs restocking`;
      contentFor = ask(title, []);
      break;
    case 'escalated':
      title = `${fridgeName} needs restocking`;
      contentFor = ask(title, [
        `Nobody has claimed it for ${duration(deps.config.escalateAfterMs)}, so more volunteers are asked.`,
      ]);
      break;
    case 'still-open':
      title = `${fridgeName} still needs restocking`;
      contentFor = ask(title, [`The request has waited ${duration(deps.nowMs - request.openedAtMs)}.`]);
      break;
    case 'released':
      title = `${fridgeName} needs restocking again`;
      contentFor = ask(title, [`${formerName} can't make it after all.`]);
      break;
    case 'reopened':
      title = `${fridgeName} needs restocking again`;
      contentFor = ask(title, [`${formerName} could not make it in time.`]);
      break;
    case 'claim-reminder': {
      const claim = request.claim;
      title = `Your restock at ${fridgeName}: the ETA has passed`;
      contentFor = (volunteerId) => ({
        title,
        paragraphs: [
          `You planned to be there by ${claim ? at(claim.etaMs) : 'now'}; no restock has shown up yet.`,
          claim?.reopenAtMs
            ? `If you can't make it, release it so someone else can go. Otherwise it reopens to others at ${at(claim.reopenAtMs)}.`
            : "If you can't make it, release it so someone else can go.",
        ],
        action: claimLink(volunteerId, 'Change ETA or release'),
        links: [liveStatus],
      });
      break;
    }
    case 'fulfilled': {
      const kg = request.fulfilment?.kgAdded;
      title = `Thank you! ${fridgeName} is restocked`;
      contentFor = () => ({
        title,
        paragraphs: [
          `${kg !== null && kg !== undefined ? `${kg} kg of food arrived` : 'Food arrived'}, ${duration(
            (request.closedAtMs ?? deps.nowMs) - request.openedAtMs,
          )} after the request opened. Neighbours will see it on the live status.`,
        ],
        action: null,
        links: [liveStatus],
      });
      break;
    }
    case 'cancelled':
      title = `No need to go: the ${fridgeName} request is cancelled`;
      contentFor = () => ({
        title,
        paragraphs: ['An organiser cancelled the restock request you claimed. Thank you for offering.'],
        action: null,
        links: [liveStatus],
      });
      break;
    case 'expired':
      title = `Restock request for ${fridgeName} expired unclaimed`;
      contentFor = () => ({
        title,
        paragraphs: [
          `Nobody claimed it within ${duration(deps.config.expireAfterMs)}.`,
          'If the fridge is still low, a new request opens by itself.',
        ],
        action: null,
        links: [liveStatus],
      });
      break;
    case 'claimed': {
      title = `${fridgeName} restock claimed`;
      contentFor = () => ({ title, paragraphs: [], action: null, links: [] });
      break;
    }
  }
  return {
    kind: `restock.${change}`,
    category: 'restock',
    critical: false,
    fridgeId: request.fridgeId,
    subjectId: request.id,
    title,
    volunteerIds,
    contentFor: (volunteer) => contentFor(volunteer.id),
    mqtt: {
      topic: topics.requests(request.fridgeId),
      payload: {
        change,
        request: requestView(request, { fridgeName: deps.fridgeName, volunteerName: null }),
      },
    },
  };
}
