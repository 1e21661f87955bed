import type { FridgeState } from '../domain/fridgeState';
import type { Db } from './database';

/**
 * The state row of a fridge that still exists: a batch written on another connection (the ingest
 * writer thread) may commit after the fridge was deleted, and must not bring its row back.
 * Parameters: fridge id, state JSON, time, fridge id again (better-sqlite3 counts a reused `?1` twice).
 */
export const UPSERT_LIVE_FRIDGE_STATE_SQL = `INSERT INTO fridge_state (fridge_id, state, updated_at)
  SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM fridges WHERE id = ?)
  ON CONFLICT(fridge_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;

/** A fridge's state row written or replaced. Parameters: fridge id, state JSON, time. */
export const UPSERT_FRIDGE_STATE_SQL = `INSERT INTO fridge_state (fridge_id, state, updated_at) VALUES (?, ?, ?)
  ON CONFLICT(fridge_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;

/** The latest state of each fridge, so a restart resumes exactly where it stopped. */
export class StateStore {
  private readonly upsertStmt;
  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(UPSERT_FRIDGE_STATE_SQL);
  }

  loadAll(): Map<string, FridgeState> {
    const rows = this.db
      .prepare<[], { fridge_id: string; state: string }>('SELECT fridge_id, state FROM fridge_state')
      .all();
    return new Map(rows.map((row) => [row.fridge_id, JSON.parse(row.state) as FridgeState]));
  }

  /** Many fridges' states in one transaction (a start-up sweep over every fridge). */
  saveMany(states: ReadonlyMap<string, FridgeState>, atMs: number): void {
    this.db.transaction(() => {
      for (const [fridgeId, state] of states) this.save(fridgeId, state, atMs);
    })();
  }

  /** Runs inside the caller's transaction. */
  save(fridgeId: string, state: FridgeState, atMs: number): void {
    this.upsertStmt.run(fridgeId, JSON.stringify(state), atMs);
  }
}
