import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FollowerRepository } from '../../../server/storage/followerRepository';
import { MIGRATIONS } from '../../../server/storage/migrations';
import { followerLanguageSchema } from '../../../server/storage/migrations/019-follower-language';

const T0 = Date.UTC(2026, 11, 1, 10, 0);

describe("migration 019: a follower's language", () => {
  it('gives followers from before it English, and keeps the language of new ones', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.indexOf(followerLanguageSchema);
    expect(before).toBeGreaterThan(0);
    for (const step of MIGRATIONS.slice(0, before)) db.exec(step);
    db.prepare(
      "INSERT INTO fridges (id, name, kind, created_at) VALUES ('elm-st', 'Elm St', 'fridge', ?)",
    ).run(T0);
    db.prepare(
      `INSERT INTO fridge_followers (id, fridge_id, email, status, link_key, created_at, confirm_sent_at, confirmed_at)
       VALUES ('f-old', 'elm-st', 'old@example.org', 'confirmed', 'k', ?, ?, ?)`,
    ).run(T0, T0, T0);
    db.exec(followerLanguageSchema);

    const followers = new FollowerRepository(db);
    expect(followers.get('f-old')?.language).toBe('en');
    followers.insert({
      id: 'f-new',
      fridgeId: 'elm-st',
      email: 'ana@example.org',
      status: 'pending',
      linkKey: 'k2',
      createdAtMs: T0,
      confirmSentAtMs: T0,
      confirmedAtMs: null,
      lastNoticeAtMs: null,
      language: 'es',
    });
    expect(followers.find('elm-st', 'ana@example.org')?.language).toBe('es');
    followers.confirmationSent('f-new', T0 + 1, 'en');
    expect(followers.get('f-new')?.language).toBe('en');
  });
});
