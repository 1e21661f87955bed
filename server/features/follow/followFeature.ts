import { randomBytes } from 'node:crypto';
import type { StockLevel } from '../../../contract/api';
import { ALERT_CATEGORY, type AlertType } from '../../domain/alerts/types';
import {
  levelRoseToStocked,
  mayNotify,
  mayResendConfirmation,
  normalizeEmail,
} from '../../domain/follow/followRules';
import { signToken, verifyToken } from '../../domain/signedToken';
import { AppError, fridgeNotFound } from '../../errors';
import type { FeatureContext } from '../../featureModule';
import { formatDateTime, type ServerWords, supportedLanguage, wordsFor } from '../../i18n';
import { type Follower, FollowerRepository } from '../../storage/followerRepository';
import type { NoticeContent, NoticeLink } from '../notifications/render';
import { loadOrCreateLinkSecret } from '../notifications/signedLinks';
import { confirmationContent, restockedContent, safeAgainContent } from './followMessages';

/** Token purposes: confirm a follow request, stop following. The one value is the follower id. */
const CONFIRM_PURPOSE = 'fc';
const UNSUBSCRIBE_PURPOSE = 'fu';
const HOUR_MS = 3_600_000;

/**
 * Neighbours follow a fridge by e-mail (issue 11): double opt-in, then "restocked" (a restock
 * request fulfilled, or the scales saw the level rise from empty/few to many/full) and "safe
 * again" (a food-safety alert resolved), at most one per fridge per `follow.noticeEveryMs`, each
 * with a one-click unsubscribe. Mail goes through the notification outbox; the address is in the
 * outgoing message only, shown nowhere (the delivery log says "a follower").
 */
export class FollowFeature {
  readonly followers: FollowerRepository;
  private secret: Buffer | null = null;
  private readonly levels = new Map<string, StockLevel | null>();
  private unsubscribes: Array<() => void> = [];

  constructor(private readonly context: FeatureContext) {
    this.followers = new FollowerRepository(context.db);
  }

  start(): void {
    const { bus, catalog } = this.context;
    for (const status of catalog.statuses()) this.levels.set(status.id, status.stock.level);
    this.unsubscribes = [
      bus.on('restockRequestChanged', 'follow', ({ fridgeId, change }) => {
        if (change === 'fulfilled') this.tell(fridgeId, 'restocked', null);
      }),
      bus.on('fridgeStateChanged', 'follow', ({ fridgeId, status }) => {
        const before = this.levels.has(fridgeId) ? (this.levels.get(fridgeId) ?? null) : status.stock.level;
        this.levels.set(fridgeId, status.stock.level);
        if (levelRoseToStocked(before, status.stock.level)) this.tell(fridgeId, 'restocked', null);
      }),
      bus.on('alertChanged', 'follow', ({ fridgeId, type, change }) => {
        if (change === 'resolved' && ALERT_CATEGORY[type] === 'foodSafety')
          this.tell(fridgeId, 'safeAgain', type);
      }),
      bus.on('fridgeRemoved', 'follow', ({ fridgeId }) => this.levels.delete(fridgeId)),
    ];
  }

  stop(): void {
    for (const off of this.unsubscribes) off();
    this.unsubscribes = [];
    this.levels.clear();
  }

  /**
   * Starts the double opt-in. Answers nothing about whether the address already follows.
   * @param language the page's language; a code without server words gets English.
   */
  follow(fridgeId: string, email: string, language?: string): void {
    const { catalog, clock, config, db } = this.context;
    const fridge = catalog.definition(fridgeId);
    if (!fridge) throw fridgeNotFound(fridgeId);
    const nowMs = clock.nowMs();
    const address = normalizeEmail(email);
    const lang = supportedLanguage(language);
    this.followers.deletePendingBefore(nowMs - config.follow.confirmLinkTtlMs);
    const known = this.followers.find(fridgeId, address);
    if (known?.status === 'confirmed') return;
    if (known && !mayResendConfirmation(known.confirmSentAtMs, nowMs, config.follow.resendConfirmAfterMs))
      return;
    const follower: Follower = known ?? {
      id: `f-${randomBytes(6).toString('hex')}`,
      fridgeId,
      email: address,
      status: 'pending',
      linkKey: randomBytes(16).toString('base64url'),
      createdAtMs: nowMs,
      confirmSentAtMs: nowMs,
      confirmedAtMs: null,
      lastNoticeAtMs: null,
      language: lang,
    };
    const confirmUrl = this.url(
      `/follow/confirm/${this.token(CONFIRM_PURPOSE, follower, nowMs + config.follow.confirmLinkTtlMs)}`,
    );
    const words = wordsFor(lang);
    const content = confirmationContent(
      words,
      fridge.name,
      confirmUrl,
      this.liveLink(fridgeId, words),
      Math.round(config.follow.confirmLinkTtlMs / HOUR_MS),
      formatDateTime(nowMs + config.follow.confirmLinkTtlMs, words, this.context.timeZone),
    );
    db.transaction(() => {
      if (known) this.followers.confirmationSent(known.id, nowMs, lang);
      else this.followers.insert(follower);
      this.send('follow.confirm', fridgeId, follower.id, [{ follower, content }]);
    })();
  }

  /** The follower a signed link names; TOKEN_INVALID / TOKEN_EXPIRED otherwise. */
  holderOf(token: string, purpose: 'confirm' | 'unsubscribe'): Follower {
    const check = verifyToken(
      token,
      purpose === 'confirm' ? CONFIRM_PURPOSE : UNSUBSCRIBE_PURPOSE,
      this.linkSecret(),
      this.context.clock.nowMs(),
      (values) => this.followers.get(values[0] ?? '')?.linkKey ?? null,
    );
    if (!check.ok) throw new AppError(check.reason === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
    const follower = this.followers.get(check.payload.values[0] ?? '');
    if (!follower) throw new AppError('TOKEN_INVALID');
    return follower;
  }

  confirm(follower: Follower): void {
    this.followers.confirm(follower.id, this.context.clock.nowMs());
  }

  unsubscribe(follower: Follower): void {
    this.followers.delete(follower.id);
  }

  fridgeName(fridgeId: string): string {
    return this.context.catalog.definition(fridgeId)?.name ?? fridgeId;
  }

  private tell(fridgeId: string, what: 'restocked' | 'safeAgain', alertType: AlertType | null): void {
    const { clock, config, db, catalog } = this.context;
    const nowMs = clock.nowMs();
    const due = this.followers
      .confirmedOf(fridgeId)
      .filter((f) => mayNotify(f.lastNoticeAtMs, nowMs, config.follow.noticeEveryMs));
    if (due.length === 0) return;
    const status = catalog.status(fridgeId);
    const name = this.fridgeName(fridgeId);
    const stock = status?.stock.level ? { level: status.stock.level, kg: status.stock.kg } : null;
    const contentIn = (words: ServerWords) =>
      what === 'restocked'
        ? restockedContent(words, name, stock, this.liveLink(fridgeId, words))
        : safeAgainContent(words, name, alertType, this.liveLink(fridgeId, words));
    db.transaction(() => {
      this.followers.noticeSent(
        due.map((f) => f.id),
        nowMs,
      );
      this.send(
        `follow.${what}`,
        fridgeId,
        null,
        due.map((follower) => ({ follower, content: contentIn(wordsFor(follower.language)) })),
      );
    })();
  }

  private send(
    kind: string,
    fridgeId: string,
    subjectId: string | null,
    to: Array<{ follower: Follower; content: NoticeContent }>,
  ): void {
    const nowMs = this.context.clock.nowMs();
    const ttl = this.context.config.notifications.preferencesLinkTtlMs;
    this.context.notifications.enqueueToAddresses({
      kind,
      category: kind === 'follow.safeAgain' ? 'foodSafety' : 'restock',
      fridgeId,
      subjectId,
      title: to[0]?.content.title ?? kind,
      shownAs: 'a follower',
      recipients: to.map(({ follower, content }) => {
        const unsubscribeUrl = this.url(
          `/follow/unsubscribe/${this.token(UNSUBSCRIBE_PURPOSE, follower, nowMs + ttl)}`,
        );
        return {
          address: follower.email,
          content,
          footer: {
            preferencesUrl: unsubscribeUrl,
            unsubscribeUrl,
            label: wordsFor(follower.language).footer,
          },
        };
      }),
    });
  }

  private token(purpose: string, follower: Follower, expiresAtMs: number): string {
    return signToken({ purpose, values: [follower.id], expiresAtMs }, this.linkSecret(), follower.linkKey);
  }

  private linkSecret(): Buffer {
    this.secret ??= loadOrCreateLinkSecret(this.context.db);
    return this.secret;
  }

  private url(path: string): string {
    return this.context.notifications.links.url(path);
  }

  private liveLink(fridgeId: string, words: ServerWords): NoticeLink {
    return { label: words.liveStatus, url: this.url(`/fridges/${fridgeId}`) };
  }
}
