import { ownedEstimatorState } from '../domain/estimation';
import type { Db } from '../storage/database';
import type { EstimatorStateStore } from '../storage/estimatorStateStore';
import type { ReadingStore, StoredReading } from '../storage/readingStore';
import type { EstimatorStates } from './estimatorStates';

/** Readings read from the log per query while replaying. */
const REPLAY_BATCH = 5000;

/**
 * Loads the saved states into `states` and replays, through `apply`, the readings stored after
 * them (a crash, or a stop between snapshots). A row written by a later slice already includes
 * its fridge's readings up to its own cursor, so each reading is applied exactly once.
 */
export function restoreEstimatorStates(
  saved: EstimatorStateStore,
  readings: ReadingStore,
  states: EstimatorStates,
  apply: (reading: StoredReading) => void,
): void {
  const snapshot = saved.load();
  for (const [id, state] of snapshot.states) states.set(id, ownedEstimatorState(state));
  let cursor = snapshot.upToReadingId;
  for (;;) {
    const batch = readings.readAfter(cursor, REPLAY_BATCH);
    for (const reading of batch) {
      if (!reading.late && reading.id > (snapshot.rowUpTo.get(reading.fridgeId) ?? 0)) apply(reading);
      cursor = reading.id;
    }
    if (batch.length < REPLAY_BATCH) break;
  }
}

/**
 * The id of the last reading the live states include. A batch the ingest writer thread has
 * committed but ingest has not announced yet is not in the states (`announcedUpTo`); otherwise
 * every committed reading has been applied when this runs.
 */
export function lastAppliedReadingId(db: Db, announcedUpTo: (() => number | null) | undefined): number {
  const announced = announcedUpTo?.() ?? null;
  if (announced !== null) return announced;
  return (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM readings').get() as { id: number }).id;
}
