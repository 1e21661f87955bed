import type { EstimatorState } from '../domain/estimation';
import type { Db } from './database';
import { SettingsStore } from './settingsStore';

const UP_TO_KEY = 'estimator.snapshotUpTo';

/** What a start restores: every fridge's saved state and the last reading those states include. */
export interface SavedEstimatorStates {
  upToReadingId: number;
  states: Map<string, EstimatorState>;
}

/**
 * The stock estimator's states, a row per fridge (migration 022). A save writes the fridges whose
 * state changed since the last save, and the id of the last reading every row includes, in one
 * transaction: the rows not written are unchanged, so they include that reading too.
 */
export class EstimatorStateStore {
  private readonly allStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly settings;
  private readonly saveTx;

  constructor(db: Db) {
    this.allStmt = db.prepare<[], { fridge_id: string; state: string }>(
      'SELECT fridge_id, state FROM estimator_states',
    );
    this.putStmt = db.prepare(
      'INSERT INTO estimator_states (fridge_id, state) VALUES (?, ?) ON CONFLICT(fridge_id) DO UPDATE SET state = excluded.state',
    );
    this.settings = new SettingsStore(db);
    this.deleteStmt = db.prepare('DELETE FROM estimator_states WHERE fridge_id = ?');
    this.saveTx = db.transaction((upToReadingId: number, changed: Iterable<[string, EstimatorState]>) => {
      for (const [fridgeId, state] of changed) this.putStmt.run(fridgeId, JSON.stringify(state));
      this.settings.set(UP_TO_KEY, String(upToReadingId));
    });
  }

  load(): SavedEstimatorStates {
    const states = new Map<string, EstimatorState>();
    for (const row of this.allStmt.iterate())
      states.set(row.fridge_id, JSON.parse(row.state) as EstimatorState);
    return { upToReadingId: Number(this.settings.get(UP_TO_KEY) ?? 0), states };
  }

  /** Writes the changed states and the reading they are all up to, in one transaction. */
  save(upToReadingId: number, changed: Iterable<[string, EstimatorState]>): void {
    this.saveTx(upToReadingId, changed);
  }

  delete(fridgeId: string): void {
    this.deleteStmt.run(fridgeId);
  }
}
