import type { Db } from './database';

/** A neighbour following a fridge by e-mail. The address never leaves the server. */
export interface Follower {
  id: string;
  fridgeId: string;
  email: string;
  status: 'pending' | 'confirmed';
  linkKey: string;
  createdAtMs: number;
  confirmSentAtMs: number;
  confirmedAtMs: number | null;
  lastNoticeAtMs: number | null;
  /** The language of their e-mails and pages (a code of server/i18n). */
  language: string;
}

interface FollowerRow {
  id: string;
  fridge_id: string;
  email: string;
  status: 'pending' | 'confirmed';
  link_key: string;
  created_at: number;
  confirm_sent_at: number;
  confirmed_at: number | null;
  last_notice_at: number | null;
  language: string;
}

const hydrate = (row: FollowerRow): Follower => ({
  id: row.id,
  fridgeId: row.fridge_id,
  email: row.email,
  status: row.status,
  linkKey: row.link_key,
  createdAtMs: row.created_at,
  confirmSentAtMs: row.confirm_sent_at,
  confirmedAtMs: row.confirmed_at,
  lastNoticeAtMs: row.last_notice_at,
  language: row.language,
});

export class FollowerRepository {
  constructor(private readonly db: Db) {}

  get(id: string): Follower | null {
    const row = this.db.prepare<[string], FollowerRow>('SELECT * FROM fridge_followers WHERE id = ?').get(id);
    return row ? hydrate(row) : null;
  }

  find(fridgeId: string, email: string): Follower | null {
    const row = this.db
      .prepare<[string, string], FollowerRow>(
        'SELECT * FROM fridge_followers WHERE fridge_id = ? AND email = ?',
      )
      .get(fridgeId, email);
    return row ? hydrate(row) : null;
  }

  insert(follower: Follower): void {
    this.db
      .prepare(
        `INSERT INTO fridge_followers (id, fridge_id, email, status, link_key, created_at, confirm_sent_at, language)
         VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)`,
      )
      .run(
        follower.id,
        follower.fridgeId,
        follower.email,
        follower.linkKey,
        follower.createdAtMs,
        follower.confirmSentAtMs,
        follower.language,
      );
  }

  /** A confirmation sent again, in the language of the latest request. */
  confirmationSent(id: string, nowMs: number, language: string): void {
    this.db
      .prepare('UPDATE fridge_followers SET confirm_sent_at = ?, language = ? WHERE id = ?')
      .run(nowMs, language, id);
  }

  confirm(id: string, nowMs: number): void {
    this.db
      .prepare(
        "UPDATE fridge_followers SET status = 'confirmed', confirmed_at = ? WHERE id = ? AND status = 'pending'",
      )
      .run(nowMs, id);
  }

  confirmedOf(fridgeId: string): Follower[] {
    return this.db
      .prepare<[string], FollowerRow>(
        "SELECT * FROM fridge_followers WHERE fridge_id = ? AND status = 'confirmed' ORDER BY created_at, id",
      )
      .all(fridgeId)
      .map(hydrate);
  }

  noticeSent(ids: readonly string[], nowMs: number): void {
    const update = this.db.prepare('UPDATE fridge_followers SET last_notice_at = ? WHERE id = ?');
    for (const id of ids) update.run(nowMs, id);
  }

  /** Forgets the follower, address and all. */
  delete(id: string): void {
    this.db.prepare('DELETE FROM fridge_followers WHERE id = ?').run(id);
  }

  /** Unconfirmed requests older than `beforeMs`: their link has expired, the address is dropped. */
  deletePendingBefore(beforeMs: number): void {
    this.db.prepare("DELETE FROM fridge_followers WHERE status = 'pending' AND created_at < ?").run(beforeMs);
  }
}
