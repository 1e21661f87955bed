/**
 * Retention (issue 12): 15-minute rollups that outlive the raw readings, and how far each fridge's
 * raw readings have been rolled up and pruned. Additive: the readings table and its write path
 * are unchanged. Two partial covering indexes, each holding only its kind's rows (a door and a
 * probe are 2 of a fridge's 5 sensors), let the history answer a week of temperature or door from
 * the index alone instead of visiting every reading of the fridge (bench/history/run.ts).
 */
export const retentionSchema = `
  CREATE TABLE reading_rollups (
    fridge_id TEXT NOT NULL,
    -- temperature | weight | door | stock
    kind TEXT NOT NULL,
    -- the shelf (weight) or the probe (temperature); '' for one per fridge (door, stock)
    sensor TEXT NOT NULL,
    bucket_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    min REAL,
    max REAL,
    sum REAL,
    openings INTEGER,
    open_ms INTEGER,
    PRIMARY KEY (fridge_id, kind, bucket_start, sensor)
  ) WITHOUT ROWID;
  CREATE TABLE retention_progress (
    fridge_id TEXT PRIMARY KEY,
    -- every raw reading measured before this was rolled up and deleted
    rolled_up_to INTEGER NOT NULL,
    -- the door's state at rolled_up_to, for the next slice's minutes open
    door_open INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX readings_door_by_fridge_time ON readings(fridge_id, measured_at, value) WHERE kind = 'door';
  CREATE INDEX readings_temperature_by_fridge_time ON readings(fridge_id, measured_at, detail, value)
    WHERE kind = 'temperature';
`;
