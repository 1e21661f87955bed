/** Door sessions the stock estimator measured, and stock points for charts. */
export const estimationSchema = `
  CREATE TABLE door_sessions (
    id INTEGER PRIMARY KEY,
    fridge_id TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER NOT NULL,
    taken_kg REAL NOT NULL,
    added_kg REAL NOT NULL,
    shelves TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('door', 'step')),
    settle TEXT NOT NULL CHECK (settle IN ('clean', 'timeout', 'interrupted'))
  );
  -- Unique: a replay after a crash measures the same session again and must not store it twice.
  CREATE UNIQUE INDEX door_sessions_by_fridge_time ON door_sessions(fridge_id, opened_at);
  CREATE TABLE stock_history (
    fridge_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    kg REAL NOT NULL,
    percent REAL NOT NULL,
    uncertainty_kg REAL,
    PRIMARY KEY (fridge_id, at)
  ) WITHOUT ROWID;
`;
