import type { NextDeliveryStep } from '../domain/notifications/retry';
import type { NoticeCategory } from '../domain/notifications/types';
import type { Db } from './database';

export type ChannelName = 'email' | 'webhook' | 'mqtt';

/** A message exactly as it goes out: rendered once when queued, so every retry sends the same bytes. */
export type OutgoingMessage =
  | {
      channel: 'email';
      to: string;
      subject: string;
      text: string;
      html: string;
      headers: Record<string, string>;
    }
  | { channel: 'webhook'; url: string; body: string }
  | { channel: 'mqtt'; topic: string; payload: string };

export interface NoticeRecord {
  id: string;
  kind: string;
  category: NoticeCategory;
  critical: boolean;
  fridgeId: string | null;
  subjectId: string | null;
  title: string;
  createdAtMs: number;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface DeliveryRecord {
  id: number;
  noticeId: string;
  /** Sent with every attempt (Message-ID, `Idempotency-Key` header, MQTT payload), so a receiver can drop repeats. */
  idempotencyKey: string;
  volunteerId: string | null;
  channel: ChannelName;
  /** Where it goes, as an organiser may read it (webhook paths masked: they are secrets). */
  address: string;
  message: OutgoingMessage;
  status: DeliveryStatus;
  attempts: number;
  /** When it was first due (after quiet hours): the give-up clock starts here. */
  dueAtMs: number;
  nextAttemptAtMs: number;
  /** Held by the recipient's quiet hours until then; null when sent at once. */
  heldUntilMs: number | null;
  lastError: string | null;
  sentAtMs: number | null;
  createdAtMs: number;
}

export interface AttemptRecord {
  atMs: number;
  ok: boolean;
  detail: string | null;
}

export type NewDelivery = Omit<
  DeliveryRecord,
  'id' | 'attempts' | 'lastError' | 'sentAtMs' | 'nextAttemptAtMs' | 'status'
> & { status: DeliveryStatus; lastError: string | null };

interface NoticeRow {
  id: string;
  kind: string;
  category: NoticeCategory;
  critical: number;
  fridge_id: string | null;
  subject_id: string | null;
  title: string;
  created_at: number;
}

interface DeliveryRow {
  id: number;
  notice_id: string;
  idempotency_key: string;
  volunteer_id: string | null;
  channel: ChannelName;
  address: string;
  message: string;
  status: DeliveryStatus;
  attempts: number;
  due_at: number;
  next_attempt_at: number;
  held_until: number | null;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
}

const toNotice = (row: NoticeRow): NoticeRecord => ({
  id: row.id,
  kind: row.kind,
  category: row.category,
  critical: row.critical === 1,
  fridgeId: row.fridge_id,
  subjectId: row.subject_id,
  title: row.title,
  createdAtMs: row.created_at,
});

const toDelivery = (row: DeliveryRow): DeliveryRecord => ({
  id: row.id,
  noticeId: row.notice_id,
  idempotencyKey: row.idempotency_key,
  volunteerId: row.volunteer_id,
  channel: row.channel,
  address: row.address,
  message: JSON.parse(row.message) as OutgoingMessage,
  status: row.status,
  attempts: row.attempts,
  dueAtMs: row.due_at,
  nextAttemptAtMs: row.next_attempt_at,
  heldUntilMs: row.held_until,
  lastError: row.last_error,
  sentAtMs: row.sent_at,
  createdAtMs: row.created_at,
});

/** The durable outbox: notices, one delivery per recipient and channel, and every attempt. */
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Runs inside the caller's transaction (the one that made the change the notice is about). */
  insertNotice(notice: NoticeRecord): void {
    this.db
      .prepare(
        `INSERT INTO notices (id, kind, category, critical, fridge_id, subject_id, title, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        notice.id,
        notice.kind,
        notice.category,
        notice.critical ? 1 : 0,
        notice.fridgeId,
        notice.subjectId,
        notice.title,
        notice.createdAtMs,
      );
  }

  /** Runs inside the caller's transaction. */
  insertDelivery(delivery: NewDelivery): void {
    this.db
      .prepare(
        `INSERT INTO deliveries (notice_id, idempotency_key, volunteer_id, channel, address, message, status,
           due_at, next_attempt_at, held_until, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        delivery.noticeId,
        delivery.idempotencyKey,
        delivery.volunteerId,
        delivery.channel,
        delivery.address,
        JSON.stringify(delivery.message),
        delivery.status,
        delivery.dueAtMs,
        delivery.dueAtMs,
        delivery.heldUntilMs,
        delivery.lastError,
        delivery.createdAtMs,
      );
  }

  /** Pending deliveries whose time has come, oldest first. */
  due(nowMs: number, limit: number): DeliveryRecord[] {
    return this.db
      .prepare<[number, number], DeliveryRow>(
        `SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(nowMs, limit)
      .map(toDelivery);
  }

  /** When the next pending delivery falls due; null when none is pending. */
  nextDueAtMs(): number | null {
    const row = this.db
      .prepare<[], { next: number | null }>(
        "SELECT MIN(next_attempt_at) AS next FROM deliveries WHERE status = 'pending'",
      )
      .get();
    return row?.next ?? null;
  }

  /** Stores one attempt and what follows it, in one transaction. */
  recordAttempt(delivery: DeliveryRecord, atMs: number, detail: string | null, next: NextDeliveryStep): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO delivery_attempts (delivery_id, at, ok, detail) VALUES (?, ?, ?, ?)')
        .run(delivery.id, atMs, next.status === 'sent' ? 1 : 0, detail);
      const attempts = delivery.attempts + 1;
      switch (next.status) {
        case 'sent':
          this.db
            .prepare(
              "UPDATE deliveries SET status = 'sent', attempts = ?, sent_at = ?, last_error = NULL WHERE id = ?",
            )
            .run(attempts, atMs, delivery.id);
          break;
        case 'pending':
          this.db
            .prepare('UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?')
            .run(attempts, next.nextAttemptAtMs, detail, delivery.id);
          break;
        case 'failed':
          this.db
            .prepare("UPDATE deliveries SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?")
            .run(attempts, next.reason, delivery.id);
          break;
      }
    })();
  }

  notice(id: string): NoticeRecord | null {
    const row = this.db.prepare<[string], NoticeRow>('SELECT * FROM notices WHERE id = ?').get(id);
    return row ? toNotice(row) : null;
  }

  /** Newest first. */
  notices(filter: { fridgeId?: string; subjectId?: string; limit: number }): NoticeRecord[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.fridgeId) {
      where.push('fridge_id = ?');
      params.push(filter.fridgeId);
    }
    if (filter.subjectId) {
      where.push('subject_id = ?');
      params.push(filter.subjectId);
    }
    params.push(filter.limit);
    return this.db
      .prepare<Array<string | number>, NoticeRow>(
        `SELECT * FROM notices ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(...params)
      .map(toNotice);
  }

  deliveriesOf(noticeId: string): DeliveryRecord[] {
    return this.db
      .prepare<[string], DeliveryRow>('SELECT * FROM deliveries WHERE notice_id = ? ORDER BY id')
      .all(noticeId)
      .map(toDelivery);
  }

  attemptsOf(deliveryId: number): AttemptRecord[] {
    return this.db
      .prepare<[number], { at: number; ok: number; detail: string | null }>(
        'SELECT at, ok, detail FROM delivery_attempts WHERE delivery_id = ? ORDER BY id',
      )
      .all(deliveryId)
      .map((row) => ({ atMs: row.at, ok: row.ok === 1, detail: row.detail }));
  }

  /** How far behind delivery is: pending deliveries due or failing, and the oldest one's due time. */
  backlog(nowMs: number): { overdue: number; oldestDueAtMs: number | null; lastError: string | null } {
    const row = this.db
      .prepare<[number], { n: number; oldest: number | null }>(
        "SELECT COUNT(*) AS n, MIN(due_at) AS oldest FROM deliveries WHERE status = 'pending' AND (next_attempt_at <= ? OR attempts > 0)",
      )
      .get(nowMs);
    const last = this.db
      .prepare<[], { last_error: string | null }>(
        "SELECT last_error FROM deliveries WHERE status = 'pending' AND last_error IS NOT NULL ORDER BY due_at LIMIT 1",
      )
      .get();
    return { overdue: row?.n ?? 0, oldestDueAtMs: row?.oldest ?? null, lastError: last?.last_error ?? null };
  }
}
