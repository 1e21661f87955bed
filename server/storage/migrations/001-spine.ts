/** Fridges, shelves, devices, readings and state snapshots. */
export const spineSchema = `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE fridges (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('fridge', 'pantry')),
    address TEXT,
    simulated INTEGER NOT NULL DEFAULT 0,
    levels TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE shelves (
    fridge_id TEXT NOT NULL REFERENCES fridges(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    tare_kg REAL NOT NULL,
    capacity_kg REAL NOT NULL,
    PRIMARY KEY (fridge_id, id)
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    fridge_id TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX devices_by_fridge ON devices(fridge_id);
  CREATE TABLE readings (
    id INTEGER PRIMARY KEY,
    fridge_id TEXT NOT NULL,
    device_id TEXT,
    source_key TEXT NOT NULL,
    seq INTEGER,
    kind TEXT NOT NULL,
    shelf_id TEXT,
    value REAL,
    detail TEXT,
    measured_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    late INTEGER NOT NULL DEFAULT 0,
    clock_skew INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX readings_by_fridge_time ON readings(fridge_id, measured_at);
  CREATE INDEX readings_by_source_seq ON readings(source_key, seq) WHERE seq IS NOT NULL;
  CREATE INDEX readings_by_received ON readings(received_at);
  CREATE TABLE fridge_state (
    fridge_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `;
