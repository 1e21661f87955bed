import { forgetCoarseRun, keepCoarseRun } from './coarseSteps';
import type { EstimatorConfig } from './config';
import { closeQuietStretch } from './driftRate';
import { refitThermal } from './thermal';
import type { EstimatorState, SessionShelf, SessionTrack, ShelfTrack } from './types';

/** A session's life with the door: it opens, reopens within the debounce, or turns out to be the next visit. */

const usableLevel = (shelf: ShelfTrack): number | null =>
  shelf.doubt === null && !shelf.needsRebase ? shelf.levelKg : null;

/**
 * The stock may change from `atMs`: what was learned while it stood still is filed, and each
 * shelf's level freezes as the session's baseline.
 */
function sessionShelves(
  state: EstimatorState,
  atMs: number,
  postSinceMs: number | null,
  config: EstimatorConfig,
): Record<string, SessionShelf> {
  const shelves: Record<string, SessionShelf> = {};
  for (const id of state.shelfIds) {
    const shelf = state.shelves[id];
    if (!shelf) continue;
    closeQuietStretch(shelf.driftRate, config);
    const coarseBefore = state.door === null ? keepCoarseRun(shelf) : undefined;
    forgetCoarseRun(shelf);
    refitThermal(shelf, state.temperature, atMs);
    const post = postSinceMs === null ? [] : shelf.recent.filter((r) => r.atMs >= postSinceMs);
    shelves[id] = { baselineKg: usableLevel(shelf), post, ...(coarseBefore ? { coarseBefore } : {}) };
  }
  return shelves;
}

/** The door opened. */
export function openDoorSession(state: EstimatorState, atMs: number, config: EstimatorConfig): void {
  state.session = {
    source: 'door',
    openedAt: atMs,
    closedAt: null,
    heldOpen: false,
    lastActivityAt: atMs,
    shelves: sessionShelves(state, atMs, null, config),
  };
}

/** A shelf moved with no door session: what follows is read like the end of one. */
export function openStepSession(state: EstimatorState, sinceMs: number, config: EstimatorConfig): void {
  state.session = {
    source: 'step',
    openedAt: sinceMs,
    closedAt: sinceMs,
    heldOpen: false,
    lastActivityAt: sinceMs,
    shelves: sessionShelves(state, sinceMs, sinceMs, config),
  };
}

/** The door opened while a step session was being read (the door event came late): it is a door session. */
export function convertToDoorSession(session: SessionTrack, atMs: number): void {
  session.source = 'door';
  session.openedAt = Math.min(session.openedAt, atMs);
  session.closedAt = null;
  for (const shelf of Object.values(session.shelves)) shelf.post = [];
}

/** The door opened again within the debounce: it never shut, the session goes on. */
export function reopenDoorSession(session: SessionTrack, atMs: number): void {
  session.closedAt = null;
  session.lastOpenedAt = atMs;
  session.reopened = null;
  // Readings while the "shut" door was in someone's hand tell nothing.
  for (const shelf of Object.values(session.shelves)) shelf.post = [];
}

/**
 * A door open for a while shut and opened again within the debounce: a bounce on closing, or the
 * next neighbour at the handle. The readings since the close are kept until it is known.
 */
export function holdReopenedSession(session: SessionTrack, atMs: number): void {
  if (session.closedAt === null) return;
  session.reopened = { closedAt: session.closedAt, reopenedAt: atMs };
  session.closedAt = null;
}

/**
 * Whether the door, opened again within the debounce, has now stayed open past it (by `atMs`):
 * then it was the next visit, not a bounce.
 */
export function reopenedForAVisit(
  session: SessionTrack | null,
  atMs: number,
  config: EstimatorConfig,
): boolean {
  const reopened = session?.reopened;
  return !!reopened && atMs - reopened.reopenedAt >= config.doorDebounceMs;
}
