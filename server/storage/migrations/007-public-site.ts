/**
 * Issue 11, the public side: a fridge's place, opening hours and needs; neighbours' problem
 * reports; e-mail followers (double opt-in). Addresses live only in `fridge_followers`.
 */
export const publicSiteSchema = `
  ALTER TABLE fridges ADD COLUMN lat REAL;
  ALTER TABLE fridges ADD COLUMN lon REAL;
  ALTER TABLE fridges ADD COLUMN opening_hours TEXT;
  ALTER TABLE fridges ADD COLUMN needs TEXT;
  CREATE TABLE problem_reports (
    id TEXT PRIMARY KEY,
    fridge_id TEXT NOT NULL REFERENCES fridges(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    created_at INTEGER NOT NULL,
    resolved_at INTEGER
  );
  CREATE INDEX problem_reports_by_status ON problem_reports(status, created_at);
  CREATE INDEX problem_reports_by_fridge ON problem_reports(fridge_id, status);
  CREATE TABLE fridge_followers (
    id TEXT PRIMARY KEY,
    fridge_id TEXT NOT NULL REFERENCES fridges(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
    -- Signs this follower's links; never shown. Unsubscribing deletes the row, and with it the key.
    link_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    confirm_sent_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_notice_at INTEGER,
    UNIQUE (fridge_id, email)
  );
  CREATE INDEX fridge_followers_by_fridge ON fridge_followers(fridge_id, status);
`;
