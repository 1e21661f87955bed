import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress, PRIVATE_WEBHOOK_HINT } from '../../../domain/notifications/webhookAddress';
import { type DeliveryChannel, DeliveryError } from './types';

/** Statuses worth another try: timeouts, rate limits, and server-side failures (RFC 9110 §15). */
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/**
 * A JSON POST to an incoming webhook. 2xx is delivered; 5xx, 408, 425, 429 and network
 * failures are retried; any other 4xx means the hook refuses this message, and is permanent.
 */
export class WebhookChannel implements DeliveryChannel<'webhook'> {
  constructor(
    private readonly timeoutMs: number,
    private readonly allowPrivate = false,
  ) {}

  /**
   * A name may resolve to a private address even when the URL looked public when it was saved
   * (or later, by changing DNS): refuse that at each delivery, permanently, unless allowed.
   * A rebinding between this look-up and fetch's own is not closed; the window is milliseconds.
   */
  private async refusePrivate(url: string): Promise<void> {
    if (this.allowPrivate) return;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch (err) {
      throw new DeliveryError(`webhook: ${err instanceof Error ? err.message : String(err)}`, false);
    }
    const refused = addresses.find(isPrivateAddress);
    if (refused !== undefined)
      throw new DeliveryError(
        `webhook: ${host} is a private or local address (${refused}); ${PRIVATE_WEBHOOK_HINT}`,
        true,
      );
  }

  async send(
    message: Parameters<DeliveryChannel<'webhook'>['send']>[0],
    idempotencyKey: string,
  ): Promise<void> {
    await this.refusePrivate(message.url);
    let response: Response;
    try {
      response = await fetch(message.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'community-fridge-monitor',
          // Receivers that understand it drop a repeated delivery (IETF draft-ietf-httpapi-idempotency-key-header).
          'idempotency-key': idempotencyKey,
        },
        body: message.body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new DeliveryError(`webhook: ${cause}`, false);
    }
    // Drain the body so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return;
    const permanent = response.status < 500 && !RETRYABLE_STATUSES.has(response.status);
    throw new DeliveryError(`webhook answered HTTP ${response.status}`, permanent);
  }
}
