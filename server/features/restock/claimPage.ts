import { escapeHtml, escapeText, type Page } from '../../api/htmlPages';
import type { RestockRequest } from '../../domain/restock/types';
import { formatTime, type ServerWords } from '../../i18n';

export interface ClaimPageFacts {
  request: RestockRequest;
  fridgeName: string;
  address: string | null;
  /** The link holder. */
  volunteerId: string;
  volunteerName: string;
  /** What the fridge needs, as the notice said it (`stockLine`). */
  need: string;
  /** Who holds the claim, when someone else does. */
  claimerName: string | null;
  timeZone: string;
  token: string;
  /** The link holder's language. */
  words: ServerWords;
}

/** Each page in the holder's language, its times in the site's zone. */
const inLanguage = (facts: ClaimPageFacts, page: Omit<Page, 'lang'>): Page => ({
  ...page,
  lang: facts.words.locale,
});
const timeOf = (facts: ClaimPageFacts, ms: number) => formatTime(ms, facts.words, facts.timeZone);

const ETA_CHOICES_MINUTES = [30, 60, 120];

/** Where every button of the page posts: the claim link itself, its token the permission. */
const formAction = (facts: ClaimPageFacts) => escapeHtml(`/claim/${encodeURIComponent(facts.token)}`);

function etaForm(facts: ClaimPageFacts): string {
  const action = formAction(facts);
  const t = facts.words.volunteer.claimPage;
  const buttons = ETA_CHOICES_MINUTES.map(
    (m) =>
      `<button type="submit" name="etaMinutes" value="${m}" class="secondary">${escapeText(
        facts.words.duration(Math.floor(m / 60), m % 60),
      )}</button>`,
  ).join('');
  return `<form method="post" action="${action}"><input type="hidden" name="action" value="eta">
<p>${escapeText(t.etaPrompt)} ${buttons}</p></form>
<form method="post" action="${action}"><input type="hidden" name="action" value="release">
<button type="submit" class="secondary">${escapeText(t.cantGo)}</button></form>`;
}

const where = (facts: ClaimPageFacts) =>
  `<p><strong>${escapeText(facts.fridgeName)}</strong>${facts.address ? `<br>${escapeText(facts.address)}` : ''}</p>`;

/**
 * What a claim link shows for its request as it is now. Opening the link changes nothing: mail
 * security scanners and link previewers open every link before the person does, so the claim is
 * a form POST, one button, no script (the pages' CSP allows none; form-action 'self' is allowed).
 */
export function linkPage(facts: ClaimPageFacts): Page {
  const { request } = facts;
  switch (request.status) {
    case 'open':
      return openRequestPage(facts);
    case 'claimed':
      return request.claim?.volunteerId === facts.volunteerId
        ? claimedPage(facts)
        : alreadyClaimedPage(facts);
    case 'fulfilled':
    case 'cancelled':
    case 'expired':
      return closedPage(facts);
  }
}

/** An open request: what is needed, and the one button that claims it. */
export function openRequestPage(facts: ClaimPageFacts): Page {
  const t = facts.words.volunteer;
  return inLanguage(facts, {
    status: 200,
    title: t.notice.needsRestocking(facts.fridgeName),
    tone: 'warn',
    html: `${where(facts)}<p>${escapeText(facts.need)}</p>
<form method="post" action="${formAction(facts)}"><input type="hidden" name="action" value="claim">
<button type="submit" class="big">${escapeText(t.notice.claim)}</button></form>
<p class="muted">${escapeText(t.claimPage.oneTap(facts.volunteerName))}</p>`,
  });
}

/** The page for a link holder who now holds the claim (just claimed, or opened their link again). */
export function claimedPage(facts: ClaimPageFacts, note: string | null = null): Page {
  const claim = facts.request.claim;
  const eta = claim ? timeOf(facts, claim.etaMs) : '';
  const t = facts.words.volunteer.claimPage;
  return inLanguage(facts, {
    status: 200,
    title: t.yoursTitle,
    tone: 'ok',
    html: `${note ? `<p><strong>${escapeText(note)}</strong></p>` : ''}${where(facts)}
<p>${escapeText(t.yours(facts.volunteerName, eta))}</p>
${etaForm(facts)}`,
  });
}

/** Someone else was quicker: no double work. */
export function alreadyClaimedPage(facts: ClaimPageFacts): Page {
  const claim = facts.request.claim;
  const eta = claim ? timeOf(facts, claim.etaMs) : '';
  const t = facts.words.volunteer.claimPage;
  return inLanguage(facts, {
    status: 409,
    title: t.alreadyClaimedTitle,
    tone: 'warn',
    html: `${where(facts)}<p>${escapeText(t.alreadyClaimed(facts.claimerName, eta))}</p>`,
  });
}

/** The request is over: fulfilled, cancelled or expired. */
export function closedPage(facts: ClaimPageFacts): Page {
  const { request } = facts;
  const t = facts.words.volunteer.claimPage;
  const at = request.closedAtMs === null ? null : timeOf(facts, request.closedAtMs);
  const text =
    request.status === 'fulfilled'
      ? t.restocked(at)
      : request.status === 'cancelled'
        ? t.cancelled(at)
        : t.expired(at);
  return inLanguage(facts, {
    status: 409,
    title: request.status === 'fulfilled' ? t.restockedTitle : t.notNeededTitle,
    tone: 'warn',
    html: `${where(facts)}<p>${escapeText(text)}</p>`,
  });
}

/** After "I can't go after all". */
export function releasedPage(facts: ClaimPageFacts): Page {
  const t = facts.words.volunteer.claimPage;
  return inLanguage(facts, {
    status: 200,
    title: t.releasedTitle,
    tone: 'ok',
    html: `${where(facts)}<p>${escapeText(t.released)}</p>`,
  });
}
