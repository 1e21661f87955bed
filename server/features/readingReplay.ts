import type { Db } from '../storage/database';
import type { ReadingStore, StoredReading } from '../storage/readingStore';

/** Readings read from the log per query while replaying. */
const REPLAY_BATCH = 5000;

/** Where a saved memory's replay starts: a reading every row includes, and rows that include more. */
export interface ReplayCursors {
  /** The last reading every saved row includes: the replay reads after it. */
  upToReadingId: number;
  /** The last reading each row includes, where later than `upToReadingId`. */
  rowUpTo: ReadonlyMap<string, number>;
}

/**
 * Replays, through `apply` and in stored order, the readings a saved memory does not include:
 * those after `cursors.upToReadingId` and after their fridge's own row cursor, up to `lastId`
 * (the last reading announced when this runs: one the ingest writer has committed but not
 * announced yet reaches the live listener instead, `lastAppliedReadingId`). Late readings are
 * skipped, as the live listeners skip them. Each reading is applied exactly once. The stock
 * estimator (`estimatorRestore.ts`) and the alert rules (`alerts/alertsFeature.ts`) restore
 * through this.
 */
export function replayStoredReadings(
  readings: ReadingStore,
  cursors: ReplayCursors,
  lastId: number,
  apply: (reading: StoredReading & { id: number }) => void,
): void {
  let cursor = cursors.upToReadingId;
  while (cursor < lastId) {
    const batch = readings.readAfter(cursor, REPLAY_BATCH);
    for (const reading of batch) {
      if (reading.id > lastId) return;
      if (!reading.late && reading.id > (cursors.rowUpTo.get(reading.fridgeId) ?? 0)) apply(reading);
      cursor = reading.id;
    }
    if (batch.length < REPLAY_BATCH) return;
  }
}

/**
 * The id of the last reading the live listeners have been given. A batch the ingest writer
 * thread has committed but ingest has not announced yet is not (`announcedUpTo`); otherwise every
 * committed reading has been announced when this runs.
 */
export function lastAppliedReadingId(db: Db, announcedUpTo: (() => number | null) | undefined): number {
  const announced = announcedUpTo?.() ?? null;
  if (announced !== null) return announced;
  return (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM readings').get() as { id: number }).id;
}
