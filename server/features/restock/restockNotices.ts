import type { FridgeStatus } from '../../../contract/api';
import { topics } from '../../../contract/topics';
import type { Volunteer } from '../../domain/notifications/types';
import type { RestockConfig } from '../../domain/restock/config';
import type { RestockEffect, RestockRequest } from '../../domain/restock/types';
import {
  DEFAULT_LANGUAGE,
  formatNumber,
  formatSpan,
  formatTime,
  type ServerWords,
  wordsFor,
} from '../../i18n';
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

/** What the fridge needs, in one sentence: the notice and the claim page both say it. */
export function stockLine(request: RestockRequest, status: FridgeStatus | null, words: ServerWords): string {
  const t = words.volunteer.stock;
  if (request.reason === 'manual') return t.manual;
  const stock = status?.stock;
  if (request.reason === 'forecast' && stock?.level !== 'empty' && stock?.level !== 'few') return t.forecast;
  if (!stock || stock.level === null) return t.low;
  const state = stock.level === 'empty' || stock.level === 'few' ? t.level[stock.level] : t.level.low;
  const weight =
    stock.kg === null
      ? null
      : { kg: formatNumber(stock.kg, words), capacityKg: formatNumber(stock.capacityKg, words) };
  return t.itIs(state, weight);
}

/**
 * The notice for one change of a request: who hears it, what each reads (with their own
 * claim link, in their own language), and the message on `fridges/{id}/requests`. The notice's
 * own title, for the organisers' delivery log, stays in English.
 */
export function restockNotice(
  effect: RestockEffect,
  volunteerIds: readonly string[],
  deps: RestockNoticeDeps,
): NoticeDraft {
  const { request, change } = effect;
  const fridgeName = deps.fridgeName(request.fridgeId) ?? request.fridgeId;
  const status = deps.status(request.fridgeId);
  const claimLinkExpiresAtMs = deps.nowMs + deps.config.claimLinkTtlMs;
  const claimUrl = (volunteerId: string) =>
    deps.links.url(`/claim/${claimToken(deps.links, request.id, volunteerId, claimLinkExpiresAtMs)}`);
  const formerClaimer = request.claimHistory.at(-1);
  const formerName = formerClaimer ? deps.volunteerName(formerClaimer) : null;

  /** The notice's title in a language. */
  const titleIn = (words: ServerWords): string => {
    const t = words.volunteer.notice;
    switch (change) {
      case 'opened':
      case 'escalated':
        return t.needsRestocking(fridgeName);
      case 'still-open':
        return t.stillNeeds(fridgeName);
      case 'released':
      case 'reopened':
        return t.needsAgain(fridgeName);
      case 'claim-reminder':
        return t.etaPassedTitle(fridgeName);
      case 'fulfilled':
        return t.thanksTitle(fridgeName);
      case 'cancelled':
        return t.cancelledTitle(fridgeName);
      case 'expired':
        return t.expiredTitle(fridgeName);
      case 'claimed':
        return t.claimedTitle(fridgeName);
    }
  };

  /** What one volunteer reads, in their language. */
  const contentFor = (volunteer: Volunteer): NoticeContent => {
    const words = wordsFor(volunteer.language);
    const t = words.volunteer.notice;
    const at = (ms: number) => formatTime(ms, words, deps.timeZone);
    const span = (ms: number) => formatSpan(ms, words);
    const liveStatus: NoticeLink = {
      label: words.liveStatus,
      url: deps.links.url(`/fridges/${request.fridgeId}`),
    };
    const claimLink = (label: string): NoticeLink => ({ label, url: claimUrl(volunteer.id) });
    // What neighbours should bring, set by whoever stands at the fridge (its own signed link).
    const needsLink: NoticeLink = {
      label: t.updateNeeds,
      url: needsUrl(deps.links, request.fridgeId, volunteer.id, claimLinkExpiresAtMs),
    };
    const former = formerName ?? t.theVolunteer;
    const title = titleIn(words);
    const ask = (why: string[]): NoticeContent => ({
      title,
      paragraphs: [
        stockLine(request, status, words),
        ...(status?.address ? [t.address(status.address)] : []),
        ...why,
        t.howToClaim,
      ],
      action: claimLink(t.claim),
      links: [liveStatus, needsLink],
    });
    const told = (paragraphs: string[]): NoticeContent => ({
      title,
      paragraphs,
      action: null,
      links: [liveStatus],
    });
    switch (change) {
      case 'opened':
        return ask([]);
      case 'escalated':
        return ask([t.escalated(span(deps.config.escalateAfterMs))]);
      case 'still-open':
        return ask([t.waited(span(deps.nowMs - request.openedAtMs))]);
      case 'released':
        return ask([t.released(former)]);
      case 'reopened':
        return ask([t.reopened(former)]);
      case 'claim-reminder': {
        const claim = request.claim;
        return {
          title,
          paragraphs: [
            t.planned(claim ? at(claim.etaMs) : null),
            claim?.reopenAtMs ? t.releaseOrReopens(at(claim.reopenAtMs)) : t.release,
          ],
          action: claimLink(t.changeEta),
          links: [liveStatus],
        };
      }
      case 'fulfilled': {
        const kg = request.fulfilment?.kgAdded;
        return told([
          t.arrived(
            kg === null || kg === undefined ? null : formatNumber(kg, words),
            span((request.closedAtMs ?? deps.nowMs) - request.openedAtMs),
          ),
        ]);
      }
      case 'cancelled':
        return told([t.cancelled]);
      case 'expired':
        return told([t.expired(span(deps.config.expireAfterMs)), t.newRequest]);
      case 'claimed':
        return { title, paragraphs: [], action: null, links: [] };
    }
  };

  return {
    kind: `restock.${change}`,
    category: 'restock',
    critical: false,
    fridgeId: request.fridgeId,
    subjectId: request.id,
    // The organisers' delivery log names the notice in English, as before.
    title: titleIn(wordsFor(DEFAULT_LANGUAGE)),
    volunteerIds,
    contentFor,
    mqtt: {
      topic: topics.requests(request.fridgeId),
      payload: {
        change,
        request: requestView(request, { fridgeName: deps.fridgeName, volunteerName: null }),
      },
    },
  };
}
