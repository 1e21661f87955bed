import { ROLLUP_STEP_MS } from '../domain/history/buckets';
import type { Db } from './database';

/** What the network summary reads: door sessions (kept for ever) and temperature excursions. */
export class SummaryQueries {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      sessions: db.prepare<
        [number, number],
        {
          fridgeId: string;
          openedAtMs: number;
          takenKg: number;
          addedKg: number;
          shelvesJson: string;
          source: 'door' | 'step';
        }
      >(
        `SELECT fridge_id AS fridgeId, opened_at AS openedAtMs, taken_kg AS takenKg, added_kg AS addedKg,
                shelves AS shelvesJson, source
         FROM door_sessions WHERE opened_at >= ? AND opened_at < ?`,
      ),
      // The mean over all of the fridge's probes in each 15-minute bucket, kept when out of band.
      rawOut: db.prepare<[number, string, number, number, number, number], { startMs: number }>(
        `SELECT measured_at - measured_at % ? AS startMs FROM readings
         WHERE fridge_id = ? AND kind = 'temperature' AND measured_at >= ? AND measured_at < ?
           AND value IS NOT NULL
         GROUP BY startMs HAVING AVG(value) > ? OR AVG(value) < ?`,
      ),
      rollupOut: db.prepare<[string, number, number, number, number], { startMs: number }>(
        `SELECT bucket_start AS startMs FROM reading_rollups
         WHERE fridge_id = ? AND kind = 'temperature' AND bucket_start >= ? AND bucket_start < ?
         GROUP BY bucket_start HAVING SUM(sum) / SUM(count) > ? OR SUM(sum) / SUM(count) < ?`,
      ),
    };
  }

  sessions(fromMs: number, toMs: number) {
    return this.statements.sessions.iterate(fromMs, toMs);
  }

  /**
   * Starts of the 15-minute buckets in [fromMs, toMs) whose mean temperature was above `aboveC` or
   * below `belowC`: from rollups before `rawFromMs` (15-minute aligned), raw readings after.
   */
  outOfBandBuckets(
    fridgeId: string,
    fromMs: number,
    toMs: number,
    rawFromMs: number | null,
    band: { belowC: number; aboveC: number },
  ): number[] {
    const boundaryMs = rawFromMs ?? Number.NEGATIVE_INFINITY;
    const starts: number[] = [];
    if (fromMs < boundaryMs)
      for (const row of this.statements.rollupOut.all(
        fridgeId,
        fromMs,
        Math.min(toMs, boundaryMs),
        band.aboveC,
        band.belowC,
      ))
        starts.push(row.startMs);
    if (toMs > boundaryMs)
      for (const row of this.statements.rawOut.all(
        ROLLUP_STEP_MS,
        fridgeId,
        Math.max(fromMs, boundaryMs),
        toMs,
        band.aboveC,
        band.belowC,
      ))
        starts.push(row.startMs);
    return starts;
  }
}
