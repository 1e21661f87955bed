import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Config } from '../../config';
import { deliverNotBefore } from '../../domain/notifications/quietHours';
import { type NoticeCategory, type Volunteer, wantsNotice } from '../../domain/notifications/types';
import { checkTimeZone } from '../../domain/timeOfDay';
import { wordsFor } from '../../i18n';
import type { Db } from '../../storage/database';
import { type NoticeRecord, OutboxRepository } from '../../storage/outboxRepository';
import { VolunteerRepository } from '../../storage/volunteerRepository';
import { MqttChannel, type MqttPublisher } from './channels/mqttChannel';
import { SmtpChannel } from './channels/smtpChannel';
import { WebhookChannel } from './channels/webhookChannel';
import { type OutboxLogger, OutboxWorker } from './outboxWorker';
import { type Footer, maskWebhookUrl, type NoticeContent, renderEmail, renderWebhook } from './render';
import { loadOrCreateLinkSecret, SignedLinks } from './signedLinks';

/** A notice to queue: who hears it, and what each of them reads. */
export interface NoticeDraft {
  /** Dotted name of what happened, e.g. `restock.opened`, `foodSafety.tooWarm`. */
  kind: string;
  category: NoticeCategory;
  /** Critical notices ignore quiet hours (food safety). */
  critical: boolean;
  /** Sent whatever categories the person chose (an organiser's channel test); never to the unsubscribed. */
  ignoreChoices?: boolean;
  fridgeId: string | null;
  /** What it is about (a restock request id, an alert id), for the delivery log. */
  subjectId: string | null;
  title: string;
  volunteerIds: readonly string[];
  /** The message for one person: their own links go in here. */
  contentFor: (volunteer: Volunteer) => NoticeContent;
  /** Also published to this MQTT topic (QoS 1, not retained); the idempotency key is added. */
  mqtt?: { topic: string; payload: Record<string, unknown> };
}

/**
 * A notice to people who are not volunteers (neighbours following a fridge): e-mail only, to
 * addresses the caller holds. The delivery log shows `shownAs`, never the address.
 */
export interface AddressedNoticeDraft {
  kind: string;
  category: NoticeCategory;
  fridgeId: string | null;
  subjectId: string | null;
  title: string;
  recipients: ReadonlyArray<{ address: string; content: NoticeContent; footer: Footer }>;
  /** What an organiser reads in the delivery log instead of the address, e.g. "a follower". */
  shownAs: string;
}

export interface NotificationServiceOptions {
  db: Db;
  config: Readonly<Config>;
  clock: Clock;
  logger: OutboxLogger;
  mqtt: MqttPublisher;
  /** The base of links in notices (SiteAddress.publicUrl). */
  publicUrl: () => string;
  /** The site's zone: quiet hours and times in notices. */
  timeZone: string;
}

/** Token purpose of preferences links; the one value is the volunteer id. */
export const PREFERENCES_PURPOSE = 'p';

/** How long an overdue notice may wait before health turns degraded. */
const HEALTHY_BACKLOG_MS = 15 * 60_000;

/**
 * The one way notices leave the server, for every feature (restock now; food safety and device
 * health next). `enqueue` writes the notice and one delivery per person and channel inside the
 * caller's transaction, rendered once; the outbox worker delivers them with retries.
 */
export class NotificationService {
  readonly volunteers: VolunteerRepository;
  readonly outbox: OutboxRepository;
  readonly timeZone: string;
  private signedLinks: SignedLinks | null = null;
  private readonly worker: OutboxWorker;
  private readonly smtp: SmtpChannel | null;

  constructor(private readonly options: NotificationServiceOptions) {
    const { db, config, clock, logger, mqtt } = options;
    this.volunteers = new VolunteerRepository(db);
    this.outbox = new OutboxRepository(db);
    this.timeZone = options.timeZone;
    this.smtp = config.smtp ? new SmtpChannel(config.smtp, config.notifications.sendTimeoutMs) : null;
    this.worker = new OutboxWorker({
      outbox: this.outbox,
      channels: {
        email: this.smtp,
        webhook: new WebhookChannel(config.notifications.sendTimeoutMs, config.allowPrivateWebhooks),
        mqtt: new MqttChannel(mqtt),
      },
      clock,
      policy: config.notifications,
      logger,
    });
  }

  /** Checks the settings; with `autoDeliver` the worker delivers on its own timer. */
  start(autoDeliver: boolean): void {
    try {
      checkTimeZone(this.timeZone);
    } catch {
      throw new Error(`TIME_ZONE (timeZone): "${this.timeZone}" is not a time zone this system knows`);
    }
    if (autoDeliver) this.worker.start();
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    this.smtp?.close();
  }

  get links(): SignedLinks {
    this.signedLinks ??= new SignedLinks(
      loadOrCreateLinkSecret(this.options.db),
      this.options.publicUrl,
      (volunteerId) => this.volunteers.get(volunteerId)?.linkKey ?? null,
    );
    return this.signedLinks;
  }

  /** Delivers what is due now (the worker's timer calls this too). */
  runDue(): Promise<number> {
    return this.worker.runDue();
  }

  /** How long a link on a volunteer's own pages stays valid (preferences, needs). */
  get preferencesLinkTtlMs(): number {
    return this.options.config.notifications.preferencesLinkTtlMs;
  }

  preferencesToken(volunteerId: string): string {
    const expiresAtMs = this.options.clock.nowMs() + this.options.config.notifications.preferencesLinkTtlMs;
    return this.links.sign(PREFERENCES_PURPOSE, [volunteerId], expiresAtMs);
  }

  footerFor(volunteerId: string): Footer {
    const token = this.preferencesToken(volunteerId);
    return {
      preferencesUrl: this.links.url(`/preferences/${token}`),
      unsubscribeUrl: this.links.url(`/preferences/${token}/unsubscribe`),
    };
  }

  /**
   * Queues a notice. Call it inside the transaction of the change it reports, so both are stored
   * or neither is. Returns the notice id.
   */
  enqueue(draft: NoticeDraft): string {
    const { db, clock, config } = this.options;
    const nowMs = clock.nowMs();
    const notice: NoticeRecord = {
      id: `n-${randomBytes(8).toString('hex')}`,
      kind: draft.kind,
      category: draft.category,
      critical: draft.critical,
      fridgeId: draft.fridgeId,
      subjectId: draft.subjectId,
      title: draft.title,
      createdAtMs: nowMs,
    };
    db.transaction(() => {
      this.outbox.insertNotice(notice);
      for (const volunteerId of new Set(draft.volunteerIds)) {
        const volunteer = this.volunteers.get(volunteerId);
        if (!volunteer || volunteer.unsubscribedAtMs !== null) continue;
        if (!draft.ignoreChoices && !wantsNotice(volunteer, draft.category)) continue;
        const dueAtMs = deliverNotBefore(nowMs, volunteer.quietHours, draft.critical, this.timeZone);
        const content = draft.contentFor(volunteer);
        const footer = { ...this.footerFor(volunteer.id), label: wordsFor(volunteer.language).footer };
        volunteer.channels.forEach((channel, index) => {
          const idempotencyKey = `${notice.id}.${volunteer.id}.${index}`;
          const common = {
            noticeId: notice.id,
            idempotencyKey,
            volunteerId: volunteer.id,
            dueAtMs,
            heldUntilMs: dueAtMs > nowMs ? dueAtMs : null,
            createdAtMs: nowMs,
          };
          if (channel.type === 'email') {
            const emailOff = config.smtp === null;
            this.outbox.insertDelivery({
              ...common,
              channel: 'email',
              address: channel.address,
              message: renderEmail(channel.address, content, footer),
              // Kept in the log, so an organiser sees why this person got nothing.
              status: emailOff ? 'failed' : 'pending',
              lastError: emailOff ? 'e-mail is off: the server has no SMTP settings' : null,
            });
          } else {
            this.outbox.insertDelivery({
              ...common,
              channel: 'webhook',
              address: maskWebhookUrl(channel.url),
              // No preferences link into a shared chat: anyone there could unsubscribe the hook.
              message: renderWebhook(channel.url, channel.format, notice, content, idempotencyKey, null),
              status: 'pending',
              lastError: null,
            });
          }
        });
      }
      if (draft.mqtt) {
        const idempotencyKey = `${notice.id}.mqtt`;
        this.outbox.insertDelivery({
          noticeId: notice.id,
          idempotencyKey,
          volunteerId: null,
          channel: 'mqtt',
          address: draft.mqtt.topic,
          message: {
            channel: 'mqtt',
            topic: draft.mqtt.topic,
            payload: JSON.stringify({ idempotencyKey, ...draft.mqtt.payload }),
          },
          dueAtMs: nowMs,
          heldUntilMs: null,
          createdAtMs: nowMs,
          status: 'pending',
          lastError: null,
        });
      }
    })();
    // The timer fires after the caller's transaction has committed (this all runs synchronously).
    this.worker.wake();
    return notice.id;
  }

  /**
   * Queues an e-mail to each address, in the caller's transaction like `enqueue`; no quiet hours
   * (followers chose to hear this) and no categories. Returns the notice id.
   */
  enqueueToAddresses(draft: AddressedNoticeDraft): string {
    const { db, clock, config } = this.options;
    const nowMs = clock.nowMs();
    const notice: NoticeRecord = {
      id: `n-${randomBytes(8).toString('hex')}`,
      kind: draft.kind,
      category: draft.category,
      critical: false,
      fridgeId: draft.fridgeId,
      subjectId: draft.subjectId,
      title: draft.title,
      createdAtMs: nowMs,
    };
    const emailOff = config.smtp === null;
    db.transaction(() => {
      this.outbox.insertNotice(notice);
      draft.recipients.forEach((recipient, index) => {
        this.outbox.insertDelivery({
          noticeId: notice.id,
          idempotencyKey: `${notice.id}.a${index}`,
          volunteerId: null,
          channel: 'email',
          address: draft.shownAs,
          message: renderEmail(recipient.address, recipient.content, recipient.footer),
          dueAtMs: nowMs,
          heldUntilMs: null,
          createdAtMs: nowMs,
          status: emailOff ? 'failed' : 'pending',
          lastError: emailOff ? 'e-mail is off: the server has no SMTP settings' : null,
        });
      });
    })();
    this.worker.wake();
    return notice.id;
  }

  /** Not ok when a notice has waited past its time for long: the operator should look at SMTP or hooks. */
  health(): { ok: boolean; detail?: string } {
    const nowMs = this.options.clock.nowMs();
    const backlog = this.outbox.backlog(nowMs);
    if (backlog.oldestDueAtMs === null || nowMs - backlog.oldestDueAtMs < HEALTHY_BACKLOG_MS)
      return { ok: true };
    const minutes = Math.round((nowMs - backlog.oldestDueAtMs) / 60_000);
    return {
      ok: false,
      detail: `${backlog.overdue} notice ${backlog.overdue === 1 ? 'delivery' : 'deliveries'} waiting, the oldest for ${minutes} min${
        backlog.lastError ? ` (${backlog.lastError})` : ''
      }`,
    };
  }
}
