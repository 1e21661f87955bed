import type { EstimatorState } from '../domain/estimation';
import type { Db } from './database';
import { SettingsStore } from './settingsStore';

const UP_TO_KEY = 'estimator.snapshotUpTo';

/** What a start restores: every fridge's saved state and the readings those states include. */
export interface SavedEstimatorStates {
  /** The last reading every row includes: a replay starts after it. */
  upToReadingId: number;
  states: Map<string, EstimatorState>;
  /** The last reading each row includes, where it is later than `upToReadingId`. */
  rowUpTo: Map<string, number>;
}

/**
 * The stock estimator's states, a row per fridge (migrations 022 and 023). A row holds the id of
 * the last reading its state includes; the setting `estimator.snapshotUpTo` holds a reading every
 * row includes. A save writes some rows, and may move that setting, in one transaction.
 */
export class EstimatorStateStore {
  private readonly allStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly settings;
  private readonly saveTx;

  constructor(db: Db) {
    this.allStmt = db.prepare<[], { fridge_id: string; state: string; up_to_reading_id: number }>(
      'SELECT fridge_id, state, up_to_reading_id FROM estimator_states',
    );
    this.putStmt = db.prepare(
      'INSERT INTO estimator_states (fridge_id, state, up_to_reading_id) VALUES (?, ?, ?) ON CONFLICT(fridge_id) DO UPDATE SET state = excluded.state, up_to_reading_id = excluded.up_to_reading_id',
    );
    this.settings = new SettingsStore(db);
    this.deleteStmt = db.prepare('DELETE FROM estimator_states WHERE fridge_id = ?');
    this.saveTx = db.transaction(
      (rowsUpTo: number, changed: Iterable<[string, EstimatorState]>, allUpTo: number | null) => {
        for (const [fridgeId, state] of changed) this.putStmt.run(fridgeId, JSON.stringify(state), rowsUpTo);
        if (allUpTo !== null) this.settings.set(UP_TO_KEY, String(allUpTo));
      },
    );
  }

  load(): SavedEstimatorStates {
    const upToReadingId = Number(this.settings.get(UP_TO_KEY) ?? 0);
    const states = new Map<string, EstimatorState>();
    const rowUpTo = new Map<string, number>();
    for (const row of this.allStmt.iterate()) {
      states.set(row.fridge_id, JSON.parse(row.state) as EstimatorState);
      if (row.up_to_reading_id > upToReadingId) rowUpTo.set(row.fridge_id, row.up_to_reading_id);
    }
    return { upToReadingId, states, rowUpTo };
  }

  /**
   * Writes `changed`, each state including every reading up to `rowsUpTo`, and, unless null,
   * `allUpTo` as the reading every row now includes; in one transaction.
   */
  save(
    rowsUpTo: number,
    changed: Iterable<[string, EstimatorState]>,
    allUpTo: number | null = rowsUpTo,
  ): void {
    this.saveTx(rowsUpTo, changed, allUpTo);
  }

  delete(fridgeId: string): void {
    this.deleteStmt.run(fridgeId);
  }
}
