import type { StockLevel } from '../../../contract/api';

/**
 * The rules of following a fridge by e-mail (issue 11), pure: what counts as "restocked", how
 * often a follower may hear of one fridge, and what an address is compared as.
 */

/** Compared and stored lower-cased and trimmed: `Ana@Example.org ` follows once, not twice. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const LOW: ReadonlySet<StockLevel | null> = new Set(['empty', 'few']);
const STOCKED: ReadonlySet<StockLevel | null> = new Set(['many', 'full']);

/**
 * Restocked by the scales: the level rose from empty or few to many or full. A request fulfilled
 * by a volunteer says so too (`restockRequestChanged` `fulfilled`); both pass the same throttle.
 */
export function levelRoseToStocked(before: StockLevel | null, after: StockLevel | null): boolean {
  return LOW.has(before) && STOCKED.has(after);
}

/** At most one message per follower and fridge in `everyMs` (config `follow.noticeEveryMs`). */
export function mayNotify(lastNoticeAtMs: number | null, nowMs: number, everyMs: number): boolean {
  return lastNoticeAtMs === null || nowMs - lastNoticeAtMs >= everyMs;
}

/** A second follow request re-sends the confirmation only after `resendAfterMs` (no mail bombing). */
export function mayResendConfirmation(
  confirmSentAtMs: number,
  nowMs: number,
  resendAfterMs: number,
): boolean {
  return nowMs - confirmSentAtMs >= resendAfterMs;
}
