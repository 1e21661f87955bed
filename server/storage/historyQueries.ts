import type { DoorBucket, DoorEvent, SeriesBucket } from '../domain/history/buckets';
import type { Db } from './database';

/** The sensor kinds the history covers; `stock` is the estimator's kg, from `stock_history`. */
export type HistoryKind = 'temperature' | 'weight' | 'door' | 'stock';
export type NumericKind = Exclude<HistoryKind, 'door'>;

export interface RetentionProgress {
  /** Raw readings measured before this were rolled up and deleted. */
  rolledUpToMs: number;
  doorOpen: boolean;
}

interface SeriesRow {
  sensor: string;
  startMs: number;
  count: number;
  min: number;
  max: number;
  sum: number;
}

const rawSql = (kind: 'temperature' | 'weight', sensorColumn: 'detail' | 'shelf_id') =>
  `SELECT COALESCE(${sensorColumn}, '') AS sensor, measured_at - measured_at % ? AS startMs, COUNT(*) AS count,
     MIN(value) AS min, MAX(value) AS max, SUM(value) AS sum
   FROM readings WHERE fridge_id = ? AND kind = '${kind}' AND measured_at >= ? AND measured_at < ?
     AND value IS NOT NULL
   GROUP BY sensor, startMs`;

/**
 * Reads history in buckets: aggregates raw readings in SQL (grouped by sensor and bucket, so a
 * week of one fridge moves a few hundred rows to JavaScript, not tens of thousands) and reads the
 * 15-minute rollups. Used by the history API and by the retention job, so both bucket alike.
 */
export class HistoryQueries {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      // The kind is written into each statement, not bound: SQLite uses a partial index only when
      // the query names its condition literally.
      raw: {
        temperature: db.prepare<[number, string, number, number], SeriesRow>(rawSql('temperature', 'detail')),
        weight: db.prepare<[number, string, number, number], SeriesRow>(rawSql('weight', 'shelf_id')),
      },
      stock: db.prepare<[number, string, number, number], SeriesRow>(
        `SELECT '' AS sensor, at - at % ? AS startMs, COUNT(*) AS count, MIN(kg) AS min, MAX(kg) AS max,
           SUM(kg) AS sum
         FROM stock_history WHERE fridge_id = ? AND at >= ? AND at < ? GROUP BY startMs`,
      ),
      doorEvents: db.prepare<[string, number, number], { atMs: number; value: number }>(
        `SELECT measured_at AS atMs, value FROM readings
         WHERE fridge_id = ? AND kind = 'door' AND measured_at >= ? AND measured_at < ?
         ORDER BY measured_at, id`,
      ),
      doorBefore: db.prepare<[string, number], { value: number }>(
        `SELECT value FROM readings WHERE fridge_id = ? AND kind = 'door' AND measured_at < ?
         ORDER BY measured_at DESC, id DESC LIMIT 1`,
      ),
      rollupSeries: db.prepare<[string, string, number, number], SeriesRow>(
        `SELECT sensor, bucket_start AS startMs, count, min, max, sum FROM reading_rollups
         WHERE fridge_id = ? AND kind = ? AND bucket_start >= ? AND bucket_start < ?`,
      ),
      rollupDoor: db.prepare<[string, number, number], { startMs: number; openings: number; openMs: number }>(
        `SELECT bucket_start AS startMs, openings, open_ms AS openMs FROM reading_rollups
         WHERE fridge_id = ? AND kind = 'door' AND bucket_start >= ? AND bucket_start < ?`,
      ),
      progress: db.prepare<[string], { rolledUpToMs: number; doorOpen: number }>(
        `SELECT rolled_up_to AS rolledUpToMs, door_open AS doorOpen FROM retention_progress
         WHERE fridge_id = ?`,
      ),
    };
  }

  /** Raw readings of one kind (or stock points) bucketed by `stepMs` over [fromMs, toMs). */
  rawSeries(
    fridgeId: string,
    kind: NumericKind,
    fromMs: number,
    toMs: number,
    stepMs: number,
  ): SeriesBucket[] {
    if (kind === 'stock') return this.statements.stock.all(stepMs, fridgeId, fromMs, toMs);
    return this.statements.raw[kind].all(stepMs, fridgeId, fromMs, toMs);
  }

  /** Door readings over [fromMs, toMs), in the order they happened. */
  doorEvents(fridgeId: string, fromMs: number, toMs: number): DoorEvent[] {
    return this.statements.doorEvents
      .all(fridgeId, fromMs, toMs)
      .map((row) => ({ atMs: row.atMs, open: row.value === 1 }));
  }

  /** The door's state just before `atMs` by the raw readings, or null when none is kept. */
  doorStateBefore(fridgeId: string, atMs: number): boolean | null {
    const row = this.statements.doorBefore.get(fridgeId, atMs);
    return row ? row.value === 1 : null;
  }

  rollupSeries(fridgeId: string, kind: NumericKind, fromMs: number, toMs: number): SeriesBucket[] {
    return this.statements.rollupSeries.all(fridgeId, kind, fromMs, toMs);
  }

  rollupDoor(fridgeId: string, fromMs: number, toMs: number): DoorBucket[] {
    return this.statements.rollupDoor.all(fridgeId, fromMs, toMs);
  }

  /** How far the fridge's raw readings were rolled up; null: nothing pruned yet. */
  progress(fridgeId: string): RetentionProgress | null {
    const row = this.statements.progress.get(fridgeId);
    return row ? { rolledUpToMs: row.rolledUpToMs, doorOpen: row.doorOpen === 1 } : null;
  }
}
