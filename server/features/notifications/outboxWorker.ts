import type { Clock } from '../../clock';
import type { NotificationsConfig } from '../../domain/notifications/config';
import { type AttemptOutcome, afterAttempt } from '../../domain/notifications/retry';
import type { ChannelName, DeliveryRecord, OutboxRepository } from '../../storage/outboxRepository';
import { type DeliveryChannel, DeliveryError } from './channels/types';

export interface OutboxLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type ChannelSet = { [C in ChannelName]: DeliveryChannel<C> | null };

export interface OutboxWorkerOptions {
  outbox: OutboxRepository;
  channels: ChannelSet;
  clock: Clock;
  policy: NotificationsConfig;
  logger: OutboxLogger;
  /** Longest sleep between looks at the outbox, so a clock jump or a missed wake costs little. */
  maxSleepMs?: number;
}

const BATCH = 100;

/**
 * Delivers what the outbox holds: each due delivery is tried on its channel, and the attempt and
 * what follows (sent, retry at, failed) stored in one transaction. At least once: a crash after a
 * send and before its record sends it again on restart, with the same idempotency key.
 * Channels run side by side, so an SMTP server that hangs does not hold up the webhooks.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private started = false;

  constructor(private readonly options: OutboxWorkerOptions) {}

  start(): void {
    this.started = true;
    this.sleep(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Something was queued: look at the outbox soon (after the caller's transaction commits). */
  wake(): void {
    if (this.started) this.sleep(0);
  }

  /** Tries every delivery due now, once; resolves with how many were sent. */
  runDue(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.drain().finally(() => {
      this.running = null;
      this.scheduleNext();
    });
    this.running = run;
    return run;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    do {
      this.again = false;
      const due = this.options.outbox.due(this.options.clock.nowMs(), BATCH);
      const byChannel = new Map<ChannelName, DeliveryRecord[]>();
      for (const delivery of due) {
        const list = byChannel.get(delivery.channel) ?? [];
        list.push(delivery);
        byChannel.set(delivery.channel, list);
      }
      const results = await Promise.all(
        [...byChannel.values()].map(async (list) => {
          let ok = 0;
          for (const delivery of list) if (await this.attempt(delivery)) ok++;
          return ok;
        }),
      );
      sent += results.reduce((a, b) => a + b, 0);
      if (due.length === BATCH) this.again = true;
    } while (this.again);
    return sent;
  }

  private async attempt(delivery: DeliveryRecord): Promise<boolean> {
    const { outbox, clock, policy, logger } = this.options;
    let outcome: AttemptOutcome;
    try {
      await this.send(delivery);
      outcome = { ok: true };
    } catch (err) {
      outcome = {
        ok: false,
        permanent: err instanceof DeliveryError && err.permanent,
        error: withoutAddress(err instanceof Error ? err.message : String(err), delivery),
      };
    }
    const nowMs = clock.nowMs();
    const next = afterAttempt(outcome, delivery.attempts + 1, delivery.dueAtMs, nowMs, policy);
    try {
      outbox.recordAttempt(delivery, nowMs, outcome.ok ? null : outcome.error, next);
    } catch (err) {
      logger.error({ err, deliveryId: delivery.id }, 'could not record a delivery attempt');
    }
    if (next.status === 'failed')
      logger.warn(
        { deliveryId: delivery.id, channel: delivery.channel, reason: next.reason },
        'delivery failed',
      );
    else if (!outcome.ok)
      logger.info(
        { deliveryId: delivery.id, channel: delivery.channel, error: outcome.error },
        'delivery will be retried',
      );
    return outcome.ok;
  }

  private async send(delivery: DeliveryRecord): Promise<void> {
    const { channels, policy } = this.options;
    const message = delivery.message;
    let sending: Promise<void>;
    switch (message.channel) {
      case 'email':
        if (!channels.email) throw new DeliveryError('e-mail is off: the server has no SMTP settings', true);
        sending = channels.email.send(message, delivery.idempotencyKey);
        break;
      case 'webhook':
        if (!channels.webhook) throw new DeliveryError('webhooks are off', true);
        sending = channels.webhook.send(message, delivery.idempotencyKey);
        break;
      case 'mqtt':
        if (!channels.mqtt) throw new DeliveryError('MQTT is off', true);
        sending = channels.mqtt.send(message, delivery.idempotencyKey);
        break;
    }
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timeout = setTimeout(
        () => reject(new DeliveryError(`no answer within ${policy.sendTimeoutMs} ms`, false)),
        policy.sendTimeoutMs,
      );
    });
    try {
      await Promise.race([sending, expired]);
    } finally {
      clearTimeout(timeout);
      // A send that lost the race must not surface later as an unhandled rejection.
      sending.catch(() => undefined);
    }
  }

  private scheduleNext(): void {
    if (!this.started) return;
    if (this.again) {
      this.sleep(0);
      return;
    }
    const next = this.options.outbox.nextDueAtMs();
    if (next === null) return;
    const maxSleepMs = this.options.maxSleepMs ?? 60_000;
    // At least a few ms, so a delivery that is due "now" by a coarse clock cannot spin the loop.
    this.sleep(Math.min(maxSleepMs, Math.max(10, next - this.options.clock.nowMs())));
  }

  private sleep(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runDue().catch((err: unknown) => this.options.logger.error({ err }, 'outbox pass failed'));
    }, delayMs);
    this.timer.unref();
  }
}

/**
 * An SMTP refusal often quotes the recipient ("550 <ana@example.org>: no such user"); the log and
 * the delivery record keep what the organiser may read instead (a follower's address never leaves
 * the server, docs/open-data.md).
 */
function withoutAddress(error: string, delivery: DeliveryRecord): string {
  const message = delivery.message;
  if (message.channel !== 'email' || message.to === '') return error;
  return error.split(message.to).join(delivery.address);
}
