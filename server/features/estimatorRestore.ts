import { ownedEstimatorState } from '../domain/estimation';
import type { EstimatorStateStore } from '../storage/estimatorStateStore';
import type { ReadingStore, StoredReading } from '../storage/readingStore';
import type { EstimatorStates } from './estimatorStates';
import { replayStoredReadings } from './readingReplay';

/**
 * Loads the saved states into `states` and replays, through `apply`, the readings stored after
 * them up to `lastId` (a crash, or a stop between snapshots). A row written by a later slice
 * already includes its fridge's readings up to its own cursor, so each reading is applied exactly
 * once (`readingReplay.ts`).
 */
export function restoreEstimatorStates(
  saved: EstimatorStateStore,
  readings: ReadingStore,
  states: EstimatorStates,
  lastId: number,
  apply: (reading: StoredReading) => void,
): void {
  const snapshot = saved.load();
  for (const [id, state] of snapshot.states) states.set(id, ownedEstimatorState(state));
  replayStoredReadings(readings, snapshot, lastId, apply);
}
