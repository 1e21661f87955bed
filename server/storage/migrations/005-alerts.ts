/**
 * Alerts (the whole history: the temperature log lists excursions from it, kept like readings),
 * the rules' memory per fridge, and organisers' per-fridge alert settings.
 */
export const alertsSchema = `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    fridge_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'acknowledged', 'resolved')),
    severity TEXT NOT NULL CHECK (severity IN ('warning', 'critical')),
    started_at INTEGER NOT NULL,
    resolved_at INTEGER,
    record TEXT NOT NULL
  );
  -- One unresolved alert per fridge and type.
  CREATE UNIQUE INDEX alerts_one_open ON alerts(fridge_id, type) WHERE status IN ('active', 'acknowledged');
  CREATE INDEX alerts_by_fridge ON alerts(fridge_id, started_at);
  CREATE INDEX alerts_by_status ON alerts(status, started_at);
  CREATE TABLE alert_state (
    fridge_id TEXT PRIMARY KEY,
    state TEXT NOT NULL
  );
  CREATE TABLE alert_settings (
    fridge_id TEXT PRIMARY KEY,
    settings TEXT NOT NULL
  );
`;
