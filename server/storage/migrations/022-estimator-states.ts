/**
 * The stock estimator's states, one row per fridge (issue 12). They were one JSON object of every
 * fridge in the `settings` row `estimator.snapshot`, rewritten whole every 10 s: at 10,000 fridges
 * a string of tens of MB each time, whatever had changed. Now a save writes only the fridges whose
 * state changed, and `estimator.snapshotUpTo` keeps the id of the last reading the rows include
 * (all rows and that id are written in one transaction). The old object is moved here, so a site
 * that upgrades restores every fridge's estimate (json_each gives each state as JSON text).
 */
export const estimatorStatesSchema = `
  CREATE TABLE estimator_states (
    fridge_id TEXT PRIMARY KEY,
    state TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO estimator_states (fridge_id, state)
    SELECT key, value FROM json_each((SELECT value FROM settings WHERE key = 'estimator.snapshot'), '$.states');
  INSERT INTO settings (key, value)
    SELECT 'estimator.snapshotUpTo', CAST(COALESCE(json_extract(value, '$.upToReadingId'), 0) AS TEXT)
    FROM settings WHERE key = 'estimator.snapshot';
  DELETE FROM settings WHERE key = 'estimator.snapshot';
`;
