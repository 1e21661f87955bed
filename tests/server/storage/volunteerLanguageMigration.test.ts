import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/storage/migrations';
import { volunteerLanguageSchema } from '../../../server/storage/migrations/020-volunteer-language';
import { VolunteerRepository } from '../../../server/storage/volunteerRepository';

const T0 = Date.UTC(2026, 11, 1, 10, 0);

describe("migration 020: a volunteer's language", () => {
  it('gives volunteers from before it English, and keeps the language of new and changed ones', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.indexOf(volunteerLanguageSchema);
    expect(before).toBeGreaterThan(0);
    for (const step of MIGRATIONS.slice(0, before)) db.exec(step);
    db.prepare(
      `INSERT INTO volunteers (id, name, role, channels, fridge_ids, quiet_hours, notices, unsubscribed_at,
         link_key, created_at, updated_at)
       VALUES ('old', 'Old', 'volunteer', '[]', '[]', NULL, '{"restock":true,"foodSafety":true,"deviceHealth":false}',
         NULL, 'k', ?, ?)`,
    ).run(T0, T0);
    db.exec(volunteerLanguageSchema);

    const volunteers = new VolunteerRepository(db);
    const old = volunteers.get('old');
    expect(old?.language).toBe('en');
    expect(old?.name).toBe('Old');
    if (!old) throw new Error('the migration lost a volunteer');
    volunteers.save({ ...old, id: 'ana', name: 'Ana', language: 'es' });
    expect(volunteers.get('ana')?.language).toBe('es');
    volunteers.save({ ...old, language: 'es', updatedAtMs: T0 + 1 });
    expect(volunteers.get('old')).toMatchObject({ language: 'es', updatedAtMs: T0 + 1 });
    expect(volunteers.list().map((v) => [v.id, v.language])).toEqual([
      ['ana', 'es'],
      ['old', 'es'],
    ]);
  });
});
