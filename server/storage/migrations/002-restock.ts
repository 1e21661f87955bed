/**
 * Volunteers, restock requests, and the notification outbox: a notice and its deliveries are
 * written in the same transaction as the change that caused them, then delivered with retries.
 */
export const restockSchema = `
  CREATE TABLE volunteers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('volunteer', 'organiser')),
    channels TEXT NOT NULL,
    fridge_ids TEXT NOT NULL,
    quiet_hours TEXT,
    notices TEXT NOT NULL,
    unsubscribed_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE restock_settings (
    fridge_id TEXT PRIMARY KEY,
    settings TEXT NOT NULL
  );
  CREATE TABLE restock_watch (
    fridge_id TEXT PRIMARY KEY,
    low_since INTEGER,
    paused_until INTEGER
  );
  CREATE TABLE restock_requests (
    id TEXT PRIMARY KEY,
    fridge_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'fulfilled', 'cancelled', 'expired')),
    opened_at INTEGER NOT NULL,
    closed_at INTEGER,
    record TEXT NOT NULL
  );
  CREATE UNIQUE INDEX restock_requests_one_active ON restock_requests(fridge_id)
    WHERE status IN ('open', 'claimed');
  CREATE INDEX restock_requests_by_fridge ON restock_requests(fridge_id, opened_at);
  CREATE INDEX restock_requests_by_status ON restock_requests(status, opened_at);
  CREATE TABLE notices (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    critical INTEGER NOT NULL,
    fridge_id TEXT,
    subject_id TEXT,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX notices_by_subject ON notices(subject_id, created_at);
  CREATE INDEX notices_by_fridge ON notices(fridge_id, created_at);
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL UNIQUE,
    volunteer_id TEXT,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    held_until INTEGER,
    last_error TEXT,
    sent_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status = 'pending';
  CREATE INDEX deliveries_by_notice ON deliveries(notice_id);
  CREATE TABLE delivery_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT
  );
  CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts(delivery_id);
  `;
