import { escapeHtml, type Page } from '../../api/htmlPages';
import type { RestockRequest } from '../../domain/restock/types';
import { formatLocalTime } from '../../domain/timeOfDay';

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
}

const ETA_CHOICES_MINUTES = [30, 60, 120];

/** Where every button of the page posts: the claim link itself, its token the permission. */
const formAction = (facts: ClaimPageFacts) => escapeHtml(`/claim/${encodeURIComponent(facts.token)}`);

function etaForm(facts: ClaimPageFacts): string {
  const action = formAction(facts);
  const buttons = ETA_CHOICES_MINUTES.map(
    (m) =>
      `<button type="submit" name="etaMinutes" value="${m}" class="secondary">${m < 60 ? `${m} min` : `${m / 60} h`}</button>`,
  ).join('');
  return `<form method="post" action="${action}"><input type="hidden" name="action" value="eta">
<p>I'll be there in: ${buttons}</p></form>
<form method="post" action="${action}"><input type="hidden" name="action" value="release">
<button type="submit" class="secondary">I can't go after all</button></form>`;
}

const where = (facts: ClaimPageFacts) =>
  `<p><strong>${escapeHtml(facts.fridgeName)}</strong>${facts.address ? `<br>${escapeHtml(facts.address)}` : ''}</p>`;

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
  return {
    status: 200,
    title: `${facts.fridgeName} needs restocking`,
    tone: 'warn',
    html: `${where(facts)}<p>${escapeHtml(facts.need)}</p>
<form method="post" action="${formAction(facts)}"><input type="hidden" name="action" value="claim">
<button type="submit" class="big">I'll restock it</button></form>
<p class="muted">${escapeHtml(facts.volunteerName)}, one tap and other volunteers see it is taken; you can set your ETA next.</p>`,
  };
}

/** The page for a link holder who now holds the claim (just claimed, or opened their link again). */
export function claimedPage(facts: ClaimPageFacts, note: string | null = null): Page {
  const claim = facts.request.claim;
  const eta = claim ? formatLocalTime(claim.etaMs, facts.timeZone) : '';
  return {
    status: 200,
    title: "You're on it. Thank you!",
    tone: 'ok',
    html: `${note ? `<p><strong>${escapeHtml(note)}</strong></p>` : ''}${where(facts)}
<p>${escapeHtml(facts.volunteerName)}, the request is yours: other volunteers see it is taken, ETA ${escapeHtml(eta)}.
When food goes in, the fridge notices and closes the request by itself.</p>
${etaForm(facts)}`,
  };
}

/** Someone else was quicker: no double work. */
export function alreadyClaimedPage(facts: ClaimPageFacts): Page {
  const claim = facts.request.claim;
  const eta = claim ? formatLocalTime(claim.etaMs, facts.timeZone) : '';
  return {
    status: 409,
    title: 'Already claimed',
    tone: 'warn',
    html: `${where(facts)}<p>Already claimed by ${escapeHtml(facts.claimerName ?? 'another volunteer')}, ETA ${escapeHtml(
      eta,
    )}. No need to go. Thank you for offering!</p>`,
  };
}

/** The request is over: fulfilled, cancelled or expired. */
export function closedPage(facts: ClaimPageFacts): Page {
  const { request, timeZone } = facts;
  const at = request.closedAtMs === null ? '' : ` at ${formatLocalTime(request.closedAtMs, timeZone)}`;
  const text =
    request.status === 'fulfilled'
      ? `Already restocked${at}. Thank you anyway!`
      : request.status === 'cancelled'
        ? `An organiser cancelled this request${at}. No need to go.`
        : `This request expired${at}. If the fridge is still low, a new request will reach you.`;
  return {
    status: 409,
    title: request.status === 'fulfilled' ? 'Already restocked' : 'No longer needed',
    tone: 'warn',
    html: `${where(facts)}<p>${escapeHtml(text)}</p>`,
  };
}

/** After "I can't go after all". */
export function releasedPage(facts: ClaimPageFacts): Page {
  return {
    status: 200,
    title: 'Released',
    tone: 'ok',
    html: `${where(facts)}<p>Thanks for letting us know. Other volunteers are asked again.</p>`,
  };
}
