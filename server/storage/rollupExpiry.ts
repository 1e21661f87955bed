import type { Db } from './database';

/** One series of rollups: a fridge's rows of one kind, contiguous in the primary key. */
export interface RollupSeriesKey {
  fridgeId: string;
  kind: string;
}

export interface RollupExpiryStep {
  deleted: number;
  /** The next step looks after this series (exclusive); null: the sweep reached the end of the table. */
  after: RollupSeriesKey | null;
}

/** Before every series: fridge ids are slugs, never empty. */
export const SWEEP_START: RollupSeriesKey = Object.freeze({ fridgeId: '', kind: '' });

/**
 * Deletes 15-minute rollups older than their retention, for every fridge that has any: a fridge
 * still reporting, one whose raw readings are all gone, one that was removed. The sweep walks the
 * table's own keys (fridge, kind), not the fridge list, so no rollup is orphaned, and each step
 * deletes at most `maxRows` rows and looks at at most `maxSeries` series, a few milliseconds, so
 * ingest's commits interleave with it. Every lookup is a seek on the primary key
 * (fridge_id, kind, bucket_start, sensor): a series with nothing old costs one seek.
 */
export class RollupExpiry {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      // The first series after the cursor: one seek on the primary key (a row-value range; an OR
      // of the two conditions would sort the table instead).
      seriesAfter: db.prepare<[string, string], RollupSeriesKey>(
        `SELECT fridge_id AS fridgeId, kind FROM reading_rollups WHERE (fridge_id, kind) > (?, ?)
         ORDER BY fridge_id, kind LIMIT 1`,
      ),
      // The bucket of the (maxRows+1)-th expired row: deleting before it removes at most maxRows.
      batchEnd: db.prepare<[string, string, number, number], { startMs: number }>(
        `SELECT bucket_start AS startMs FROM reading_rollups
         WHERE fridge_id = ? AND kind = ? AND bucket_start < ?
         ORDER BY bucket_start LIMIT 1 OFFSET ?`,
      ),
      oldest: db.prepare<[string, string, number], { startMs: number }>(
        `SELECT bucket_start AS startMs FROM reading_rollups
         WHERE fridge_id = ? AND kind = ? AND bucket_start < ? ORDER BY bucket_start LIMIT 1`,
      ),
      delete: db.prepare<[string, string, number]>(
        'DELETE FROM reading_rollups WHERE fridge_id = ? AND kind = ? AND bucket_start < ?',
      ),
    };
  }

  /**
   * After the series `after`, deletes rollups with `bucket_start` before `cutoffMs` in the first
   * series that has some, at most `maxRows` of them.
   */
  step(after: RollupSeriesKey, cutoffMs: number, maxRows: number, maxSeries = 200): RollupExpiryStep {
    const s = this.statements;
    let cursor = after;
    for (let looked = 0; looked < maxSeries; looked++) {
      const series = s.seriesAfter.get(cursor.fridgeId, cursor.kind);
      if (series === undefined) return { deleted: 0, after: null };
      const oldest = s.oldest.get(series.fridgeId, series.kind, cutoffMs);
      if (oldest !== undefined) {
        const end = s.batchEnd.get(series.fridgeId, series.kind, cutoffMs, maxRows);
        // A bucket holds one row per sensor (a few shelves), so a batch always moves on.
        const beforeMs = end === undefined ? cutoffMs : Math.max(end.startMs, oldest.startMs + 1);
        const deleted = s.delete.run(series.fridgeId, series.kind, beforeMs).changes;
        // More left in this series: the next step comes back to it.
        return { deleted, after: end === undefined ? series : cursor };
      }
      cursor = series;
    }
    return { deleted: 0, after: cursor };
  }
}
