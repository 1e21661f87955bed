/**
 * Each row of the alert rules' memory keeps the id of the last reading it includes, as the stock
 * estimator's rows do (023): a start replays the readings stored after it, so a crash loses none
 * of what they teach the rules (docs/alerts.md, "After a restart, and what a crash forgets").
 * The setting `alerts.snapshotUpTo` holds a reading every row includes (where a replay starts).
 * Rows written before this carry 0 and there is no such setting yet: the first start after it
 * takes every row as including every reading stored before it (as those starts did: nothing was
 * replayed) and writes the setting, so nothing is replayed twice.
 */
export const alertStateCursorSchema = `
  ALTER TABLE alert_state ADD COLUMN up_to_reading_id INTEGER NOT NULL DEFAULT 0;
`;
