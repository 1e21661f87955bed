import { bucketStartOf, doorBuckets, ROLLUP_STEP_MS } from '../domain/history/buckets';
import type { Db } from './database';
import { HistoryQueries, type NumericKind } from './historyQueries';

const NUMERIC_KINDS: readonly NumericKind[] = ['temperature', 'weight', 'stock'];

export interface PruneBatch {
  fridgeId: string;
  /** Raw readings deleted. */
  deletedReadings: number;
  rollupsWritten: number;
  /** The fridge's raw readings now start here. */
  rolledUpToMs: number;
  /** Nothing of this fridge is left before the cutoff. */
  done: boolean;
}

/**
 * The retention job's writes: one small transaction rolls a slice of one fridge's raw readings up
 * into 15-minute buckets and deletes them. The rollups are written in the same transaction as the
 * delete, so a crash leaves either both or neither: nothing is lost, nothing is counted twice.
 */
export class RollupStore {
  private readonly queries: HistoryQueries;
  private readonly statements;

  constructor(private readonly db: Db) {
    this.queries = new HistoryQueries(db);
    this.statements = {
      oldestPrunable: db.prepare<[number], { fridgeId: string }>(
        'SELECT fridge_id AS fridgeId FROM readings WHERE received_at < ? LIMIT 1',
      ),
      firstMeasured: db.prepare<[string], { atMs: number | null }>(
        'SELECT MIN(measured_at) AS atMs FROM readings WHERE fridge_id = ?',
      ),
      firstStock: db.prepare<[string], { atMs: number | null }>(
        'SELECT MIN(at) AS atMs FROM stock_history WHERE fridge_id = ?',
      ),
      sliceEnd: db.prepare<[string, number, number, number], { atMs: number }>(
        `SELECT measured_at AS atMs FROM readings WHERE fridge_id = ? AND measured_at >= ? AND measured_at < ?
         ORDER BY measured_at LIMIT 1 OFFSET ?`,
      ),
      // A slice is rolled up once; the merge only matters for a reading that arrived behind the
      // boundary, which the minimum raw retention (longer than a device may buffer) rules out.
      upsertSeries: db.prepare(
        `INSERT INTO reading_rollups (fridge_id, kind, sensor, bucket_start, count, min, max, sum)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (fridge_id, kind, bucket_start, sensor) DO UPDATE SET count = count + excluded.count,
           min = MIN(min, excluded.min), max = MAX(max, excluded.max), sum = sum + excluded.sum`,
      ),
      upsertDoor: db.prepare(
        `INSERT INTO reading_rollups (fridge_id, kind, sensor, bucket_start, count, openings, open_ms)
         VALUES (?, 'door', '', ?, 0, ?, ?)
         ON CONFLICT (fridge_id, kind, bucket_start, sensor) DO UPDATE SET
           openings = openings + excluded.openings, open_ms = open_ms + excluded.open_ms`,
      ),
      deleteReadings: db.prepare('DELETE FROM readings WHERE fridge_id = ? AND measured_at < ?'),
      deleteStock: db.prepare('DELETE FROM stock_history WHERE fridge_id = ? AND at < ?'),
      saveProgress: db.prepare(
        `INSERT INTO retention_progress (fridge_id, rolled_up_to, door_open) VALUES (?, ?, ?)
         ON CONFLICT (fridge_id) DO UPDATE SET rolled_up_to = excluded.rolled_up_to,
           door_open = excluded.door_open`,
      ),
    };
  }

  /**
   * A fridge with a raw reading received before `receivedBeforeMs`: with device clocks held to a
   * tolerance, such a reading was measured before the cutoff, so the fridge has work to do.
   */
  fridgeWithOldReadings(receivedBeforeMs: number): string | null {
    return this.statements.oldestPrunable.get(receivedBeforeMs)?.fridgeId ?? null;
  }

  /**
   * Rolls up and deletes the fridge's oldest slice before `cutoffMs` of about `maxRows` readings.
   * (Rollups past their own retention go in RollupExpiry's sweep, for every fridge alike.)
   */
  rollUpSlice(fridgeId: string, cutoffMs: number, maxRows: number): PruneBatch {
    return this.db.transaction(() =>
      this.slice(fridgeId, bucketStartOf(cutoffMs, ROLLUP_STEP_MS), maxRows),
    )();
  }

  private slice(fridgeId: string, cutoffMs: number, maxRows: number): PruneBatch {
    const progress = this.queries.progress(fridgeId);
    const firstMs = Math.min(
      this.statements.firstMeasured.get(fridgeId)?.atMs ?? Number.POSITIVE_INFINITY,
      this.statements.firstStock.get(fridgeId)?.atMs ?? Number.POSITIVE_INFINITY,
    );
    const fromMs = progress?.rolledUpToMs ?? bucketStartOf(Math.min(firstMs, cutoffMs), ROLLUP_STEP_MS);
    if (fromMs >= cutoffMs) {
      return { fridgeId, deletedReadings: 0, rollupsWritten: 0, rolledUpToMs: fromMs, done: true };
    }
    // End the slice at the bucket holding the (maxRows+1)-th reading; a bucket is never split.
    const beyond = this.statements.sliceEnd.get(fridgeId, fromMs, cutoffMs, maxRows);
    const toMs = beyond
      ? Math.max(bucketStartOf(beyond.atMs, ROLLUP_STEP_MS), fromMs + ROLLUP_STEP_MS)
      : cutoffMs;

    let written = 0;
    for (const kind of NUMERIC_KINDS) {
      // From 0, not fromMs: a reading that slipped behind the boundary is merged, not stranded.
      for (const b of this.queries.rawSeries(fridgeId, kind, 0, toMs, ROLLUP_STEP_MS)) {
        this.statements.upsertSeries.run(fridgeId, kind, b.sensor, b.startMs, b.count, b.min, b.max, b.sum);
        written += 1;
      }
    }
    const openAtStart = progress?.doorOpen ?? this.queries.doorStateBefore(fridgeId, fromMs) ?? false;
    const door = doorBuckets(
      this.queries.doorEvents(fridgeId, fromMs, toMs),
      openAtStart,
      fromMs,
      toMs,
      ROLLUP_STEP_MS,
    );
    for (const b of door.buckets) {
      this.statements.upsertDoor.run(fridgeId, b.startMs, b.openings, b.openMs);
      written += 1;
    }
    const deleted = this.statements.deleteReadings.run(fridgeId, toMs).changes;
    this.statements.deleteStock.run(fridgeId, toMs);
    this.statements.saveProgress.run(fridgeId, toMs, door.openAtEnd ? 1 : 0);
    return {
      fridgeId,
      deletedReadings: deleted,
      rollupsWritten: written,
      rolledUpToMs: toMs,
      done: toMs >= cutoffMs,
    };
  }
}
