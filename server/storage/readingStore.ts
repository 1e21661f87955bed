import type { SensorValue } from '../../contract/payloads';
import type { Db } from './database';

export interface StoredReading {
  fridgeId: string;
  deviceId: string | null;
  /** Whose `seq` counter this reading carries: the device id, or the topic on an external broker. */
  sourceKey: string;
  seq: number | null;
  value: SensorValue;
  measuredAtMs: number;
  receivedAtMs: number;
  late: boolean;
  clockSkew: boolean;
}

/**
 * Where readings are kept. The SQLite store takes part in the ingest transaction; another
 * engine (InfluxDB) can be added beside it without the domain knowing.
 */
export interface ReadingStore {
  /** Appends readings; runs inside the caller's transaction. */
  append(readings: readonly StoredReading[]): void;
  /** seq values seen since `sinceMs`, to rebuild duplicate detection after a restart. */
  recentSeqs(sinceMs: number): Iterable<{ sourceKey: string; seq: number; receivedAtMs: number }>;
  query(filter: { fridgeId: string; fromMs: number; toMs: number; limit: number }): StoredReading[];
  /** Readings in storage order after row `afterId`: a cursor for mirrors that must miss nothing. */
  readAfter(afterId: number, limit: number): Array<StoredReading & { id: number }>;
  count(): number;
}

interface ReadingRow {
  id: number;
  fridge_id: string;
  device_id: string | null;
  source_key: string;
  seq: number | null;
  kind: SensorValue['kind'];
  shelf_id: string | null;
  value: number | null;
  detail: string | null;
  measured_at: number;
  received_at: number;
  late: number;
  clock_skew: number;
}

/** Flattens a sensor value into the row's `shelf_id`, `value` and `detail` columns. */
function toColumns(value: SensorValue): {
  shelfId: string | null;
  number: number | null;
  detail: string | null;
} {
  switch (value.kind) {
    case 'weight':
      return { shelfId: value.shelfId, number: value.kg, detail: null };
    case 'temperature':
      return { shelfId: null, number: value.celsius, detail: value.probe ?? null };
    case 'door':
      return { shelfId: null, number: value.open ? 1 : 0, detail: null };
    case 'deviceStatus':
      return { shelfId: null, number: value.online ? 1 : 0, detail: JSON.stringify(value) };
  }
}

function fromRow(row: ReadingRow): StoredReading {
  let value: SensorValue;
  switch (row.kind) {
    case 'weight':
      value = { kind: 'weight', shelfId: row.shelf_id ?? '', kg: row.value ?? 0 };
      break;
    case 'temperature':
      value =
        row.detail === null
          ? { kind: 'temperature', celsius: row.value ?? 0 }
          : { kind: 'temperature', celsius: row.value ?? 0, probe: row.detail };
      break;
    case 'door':
      value = { kind: 'door', open: row.value === 1 };
      break;
    case 'deviceStatus':
      value = JSON.parse(row.detail ?? '{}') as SensorValue;
      break;
  }
  return {
    fridgeId: row.fridge_id,
    deviceId: row.device_id,
    sourceKey: row.source_key,
    seq: row.seq,
    value,
    measuredAtMs: row.measured_at,
    receivedAtMs: row.received_at,
    late: row.late === 1,
    clockSkew: row.clock_skew === 1,
  };
}

export const INSERT_READING_SQL = `INSERT INTO readings (fridge_id, device_id, source_key, seq, kind,
  shelf_id, value, detail, measured_at, received_at, late, clock_skew)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** How many values `pushReadingColumns` adds per reading (the `?` of `INSERT_READING_SQL`). */
export const READING_COLUMNS = 12;

/** Appends one reading's `INSERT_READING_SQL` parameters to `out`, in order. */
export function pushReadingColumns(r: StoredReading, out: unknown[]): void {
  const columns = toColumns(r.value);
  out.push(
    r.fridgeId,
    r.deviceId,
    r.sourceKey,
    r.seq,
    r.value.kind,
    columns.shelfId,
    columns.number,
    columns.detail,
    r.measuredAtMs,
    r.receivedAtMs,
    r.late ? 1 : 0,
    r.clockSkew ? 1 : 0,
  );
}

export class SqliteReadingStore implements ReadingStore {
  private readonly insertStmt;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.insertStmt = db.prepare(INSERT_READING_SQL);
  }

  append(readings: readonly StoredReading[]): void {
    const values: unknown[] = [];
    for (const r of readings) {
      values.length = 0;
      pushReadingColumns(r, values);
      this.insertStmt.run(values);
    }
  }

  recentSeqs(sinceMs: number): Iterable<{ sourceKey: string; seq: number; receivedAtMs: number }> {
    return this.db
      .prepare<[number], { sourceKey: string; seq: number; receivedAtMs: number }>(
        `SELECT source_key AS sourceKey, seq, received_at AS receivedAtMs FROM readings
         WHERE received_at >= ? AND seq IS NOT NULL`,
      )
      .iterate(sinceMs);
  }

  query(filter: { fridgeId: string; fromMs: number; toMs: number; limit: number }): StoredReading[] {
    return this.db
      .prepare<[string, number, number, number], ReadingRow>(
        `SELECT * FROM readings WHERE fridge_id = ? AND measured_at >= ? AND measured_at < ?
         ORDER BY measured_at, id LIMIT ?`,
      )
      .all(filter.fridgeId, filter.fromMs, filter.toMs, filter.limit)
      .map(fromRow);
  }

  readAfter(afterId: number, limit: number): Array<StoredReading & { id: number }> {
    return this.db
      .prepare<[number, number], ReadingRow>('SELECT * FROM readings WHERE id > ? ORDER BY id LIMIT ?')
      .all(afterId, limit)
      .map((row) => ({ ...fromRow(row), id: row.id }));
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM readings').get() as { n: number }).n;
  }
}
