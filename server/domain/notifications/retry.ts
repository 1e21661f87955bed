import type { NotificationsConfig } from './config';

/**
 * When to try a delivery again after `failedAttempts` failures: exponential backoff from
 * `retryFirstMs`, doubling, capped at `retryMaxMs`. No jitter: one small site has few
 * deliveries, and a retry time that can be predicted is easier to explain in the delivery log.
 */
export function retryDelayMs(
  failedAttempts: number,
  policy: Pick<NotificationsConfig, 'retryFirstMs' | 'retryMaxMs'>,
): number {
  const exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
  return Math.min(policy.retryMaxMs, policy.retryFirstMs * 2 ** exponent);
}

export type AttemptOutcome = { ok: true } | { ok: false; permanent: boolean; error: string };

export type NextDeliveryStep =
  | { status: 'sent' }
  | { status: 'pending'; nextAttemptAtMs: number }
  | { status: 'failed'; reason: string };

/**
 * What follows an attempt: sent, another try later, or failed for good (a permanent refusal
 * such as a 5xx SMTP reply or a 404 webhook, or still failing after `giveUpAfterMs`).
 */
export function afterAttempt(
  outcome: AttemptOutcome,
  attemptsSoFar: number,
  dueSinceMs: number,
  nowMs: number,
  policy: Pick<NotificationsConfig, 'retryFirstMs' | 'retryMaxMs' | 'giveUpAfterMs'>,
): NextDeliveryStep {
  if (outcome.ok) return { status: 'sent' };
  if (outcome.permanent) return { status: 'failed', reason: outcome.error };
  const nextAttemptAtMs = nowMs + retryDelayMs(attemptsSoFar, policy);
  if (nextAttemptAtMs - dueSinceMs > policy.giveUpAfterMs)
    return { status: 'failed', reason: `gave up after ${attemptsSoFar} attempts: ${outcome.error}` };
  return { status: 'pending', nextAttemptAtMs };
}
