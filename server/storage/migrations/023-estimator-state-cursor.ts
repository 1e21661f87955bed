/**
 * Each estimator state row keeps the id of the last reading it includes (issue 12). A save at
 * 10,000 fridges wrote every row in one transaction and held the event loop for it; it now writes
 * a few hundred rows per turn, each slice with the reading it is up to, so a restart replays after
 * each row's own cursor and no reading is applied twice. `estimator.snapshotUpTo` stays the reading
 * every row includes (where a replay starts). Rows written before this carry 0: that setting
 * alone, as before.
 */
export const estimatorStateCursorSchema = `
  ALTER TABLE estimator_states ADD COLUMN up_to_reading_id INTEGER NOT NULL DEFAULT 0;
`;
