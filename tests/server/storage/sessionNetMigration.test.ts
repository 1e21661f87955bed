import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/storage/migrations';
import { sessionNetSchema } from '../../../server/storage/migrations/011-session-net';
import { SessionStore } from '../../../server/storage/sessionStore';

const T0 = Date.UTC(2026, 11, 1, 10, 0);

describe('migration 011: taken and added from the net', () => {
  it('re-reads sessions stored with summed moves: a transfer becomes neither taken nor added', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.indexOf(sessionNetSchema);
    expect(before).toBeGreaterThan(0);
    for (const step of MIGRATIONS.slice(0, before)) db.exec(step);
    const insert = db.prepare(
      `INSERT INTO door_sessions (fridge_id, opened_at, closed_at, taken_kg, added_kg, shelves, source, settle)
       VALUES ('elm-st', ?, ?, ?, ?, ?, 'door', 'clean')`,
    );
    const moves = (pairs: Array<[string, number]>) =>
      JSON.stringify(pairs.map(([shelfId, deltaKg]) => ({ shelfId, deltaKg })));
    insert.run(
      T0,
      T0 + 20_000,
      1.5,
      1.5,
      moves([
        ['s1', 1.5],
        ['s3', -1.5],
      ]),
    );
    insert.run(T0 + 60_000, T0 + 80_000, 0.8, 0, moves([['s2', -0.8]]));
    insert.run(
      T0 + 120_000,
      T0 + 140_000,
      0.8,
      5,
      moves([
        ['s1', -0.8],
        ['s2', 5],
      ]),
    );
    insert.run(T0 + 180_000, T0 + 190_000, 0, 0, moves([]));
    db.exec(sessionNetSchema);

    const sessions = new SessionStore(db).between('elm-st', T0, T0 + 3_600_000);
    expect(sessions.map((s) => [s.netKg, s.takenKg, s.addedKg])).toEqual([
      [0, 0, 0],
      [-0.8, 0.8, 0],
      [4.2, 0, 4.2],
      [0, 0, 0],
    ]);
    // The moves themselves are kept for the curious.
    expect(sessions[0]?.shelves).toEqual([
      { shelfId: 's1', deltaKg: 1.5 },
      { shelfId: 's3', deltaKg: -1.5 },
    ]);
    db.close();
  });
});
