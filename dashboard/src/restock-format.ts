import type { RequestStatusName, RestockRequestView } from '../../contract/restock';
import { dateTimeFormat } from './date-formats';
import { durationWords } from './format';
import { intlLocale, msg } from './locale';

/** Locale and time zone for clock times; the reader's own unless a test pins them. */
export interface TimeOptions {
  locale?: string;
  timeZone?: string;
}

function dayKey(ms: number, options: TimeOptions): string {
  return dateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: options.timeZone,
  }).format(ms);
}

/**
 * "14:05" for a time today, "Tue 14:05" for another day. 24-hour, like the claim pages and notices
 * the server sends, so a volunteer reads the same ETA everywhere.
 */
export function formatClockTime(iso: string | null, nowMs: number, options: TimeOptions = {}): string {
  if (iso === null) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const clock = dateTimeFormat(options.locale ?? intlLocale(), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: options.timeZone,
  }).format(ms);
  if (dayKey(ms, options) === dayKey(nowMs, options)) return clock;
  const weekday = dateTimeFormat(options.locale ?? intlLocale(), {
    weekday: 'short',
    timeZone: options.timeZone,
  }).format(ms);
  return `${weekday} ${clock}`;
}

/** Open and claimed requests still want food; the others are history. */
export function isActiveRequest(request: Pick<RestockRequestView, 'status'>): boolean {
  return request.status === 'open' || request.status === 'claimed';
}

/**
 * The active request of each fridge. The server keeps at most one per fridge; should two ever
 * arrive, the first of the list (the newest) wins.
 */
export function activeRequestsByFridge(
  requests: readonly RestockRequestView[],
): Readonly<Record<string, RestockRequestView>> {
  const byFridge: Record<string, RestockRequestView> = {};
  for (const request of requests) {
    if (isActiveRequest(request) && !(request.fridgeId in byFridge)) byFridge[request.fridgeId] = request;
  }
  return byFridge;
}

/** The moment a request's public line is about: when it opened, or the claimer's ETA. */
export function restockTime(request: RestockRequestView): string | null {
  return request.status === 'claimed' ? (request.claim?.eta ?? null) : request.openedAt;
}

/**
 * One public line about a request, never with a name: "Restock requested 14:05",
 * "Claimed · ETA 17:30", "Claimed · ETA 17:30 (late)" once the ETA has passed.
 */
export function restockWords(request: RestockRequestView, nowMs: number, options: TimeOptions = {}): string {
  const words = msg().restock;
  switch (request.status) {
    case 'open':
      return words.requested(formatClockTime(request.openedAt, nowMs, options)).trim();
    case 'claimed': {
      if (request.claim === null) return words.claimed;
      const eta = words.claimedEta(formatClockTime(request.claim.eta, nowMs, options));
      return Date.parse(request.claim.eta) < nowMs ? words.late(eta) : eta;
    }
    case 'fulfilled':
      return words.fulfilled;
    case 'cancelled':
      return words.cancelled;
    case 'expired':
      return words.expired;
  }
}

export function requestStatusWords(status: RequestStatusName): string {
  return msg().requests.status[status];
}

export function reasonWords(reason: RestockRequestView['reason']): string {
  return msg().requests.reasons[reason];
}

const timeOf = (iso: string | null | undefined): number => {
  const ms = iso == null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
};

/**
 * Active requests in the order a volunteer choosing where to go needs them: unclaimed first,
 * longest waiting first; then claimed ones by ETA.
 */
export function requestsForVolunteers(requests: readonly RestockRequestView[]): RestockRequestView[] {
  const active = requests.filter(isActiveRequest);
  const open = active
    .filter((r) => r.status === 'open')
    .sort((a, b) => timeOf(a.openedAt) - timeOf(b.openedAt) || a.id.localeCompare(b.id));
  const claimed = active
    .filter((r) => r.status === 'claimed')
    .sort((a, b) => timeOf(a.claim?.eta) - timeOf(b.claim?.eta) || a.id.localeCompare(b.id));
  return [...open, ...claimed];
}

/** "2 waiting for a volunteer · 1 on the way", or that nothing is needed. */
export function restockSummary(requests: readonly RestockRequestView[]): string {
  const open = requests.filter((r) => r.status === 'open').length;
  const claimed = requests.filter((r) => r.status === 'claimed').length;
  const words = msg().requests;
  if (open === 0 && claimed === 0) return words.none;
  const parts: string[] = [];
  if (open > 0) parts.push(words.waiting(open));
  if (claimed > 0) parts.push(words.onTheWay(claimed));
  return parts.join(' · ');
}

/** A figure in minutes from the restock history, in words; `none` when there is none yet. */
export function minutesWords(minutes: number | null, none = 'none yet'): string {
  return minutes === null ? none : durationWords(minutes * 60_000);
}
