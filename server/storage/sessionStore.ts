import type { DoorSessionEffect } from '../domain/estimation';
import { roundTo } from '../domain/stock';
import type { Db } from './database';

export type StoredSession = Omit<DoorSessionEffect, 'type'>;

interface SessionRow {
  fridge_id: string;
  opened_at: number;
  closed_at: number;
  taken_kg: number;
  added_kg: number;
  shelves: string;
  source: 'door' | 'step';
  settle: 'clean' | 'timeout' | 'interrupted';
}

const fromRow = (row: SessionRow): StoredSession => ({
  fridgeId: row.fridge_id,
  openedAt: row.opened_at,
  closedAt: row.closed_at,
  // Taken and added come from the net (migration 011 re-read older sessions so).
  netKg: roundTo(row.added_kg - row.taken_kg, 3),
  takenKg: row.taken_kg,
  addedKg: row.added_kg,
  shelves: JSON.parse(row.shelves) as StoredSession['shelves'],
  source: row.source,
  settle: row.settle,
});

/** Door sessions (visits and restocks) the estimator measured. */
export class SessionStore {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO door_sessions (fridge_id, opened_at, closed_at, taken_kg, added_kg, shelves, source, settle)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Runs inside the caller's transaction. */
  append(session: StoredSession): void {
    this.insertStmt.run(
      session.fridgeId,
      session.openedAt,
      session.closedAt,
      session.takenKg,
      session.addedKg,
      JSON.stringify(session.shelves),
      session.source,
      session.settle,
    );
  }

  between(fridgeId: string | null, fromMs: number, toMs: number, limit = 10_000): StoredSession[] {
    const rows =
      fridgeId === null
        ? this.db
            .prepare<[number, number, number], SessionRow>(
              'SELECT * FROM door_sessions WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at LIMIT ?',
            )
            .all(fromMs, toMs, limit)
        : this.db
            .prepare<[string, number, number, number], SessionRow>(
              'SELECT * FROM door_sessions WHERE fridge_id = ? AND opened_at >= ? AND opened_at < ? ORDER BY opened_at LIMIT ?',
            )
            .all(fridgeId, fromMs, toMs, limit);
    return rows.map(fromRow);
  }
}
