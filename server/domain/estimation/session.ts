import { roundTo } from '../stock';
import { coarseAtRest, coarseShelf, resumeCoarseRuns, seedCoarseRuns, stayedMovedKg } from './coarseSession';
import { forgetCoarseRun, keepCoarseRun } from './coarseSteps';
import type { EstimatorConfig } from './config';
import { closeQuietStretch } from './driftRate';
import { shelfConfig } from './resolution';
import { lastN, median, settledWindow } from './robust';
import { applySettledLevel, readSettle, type SettleOutcome } from './shelfLevel';
import { refitThermal } from './thermal';
import type {
  DoorSessionEffect,
  EstimatorState,
  SessionShelf,
  SessionTrack,
  SettleQuality,
  ShelfTrack,
  TimedKg,
} from './types';

/** A step session in a busy pantry can last; its oldest readings no longer matter. */
const MAX_POST_READINGS = 60;

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

/** Files a usable reading under the session. Readings while the door is open tell nothing. */
export function addSessionReading(
  session: SessionTrack,
  shelfId: string,
  reading: TimedKg,
  config: EstimatorConfig,
): void {
  if (session.closedAt === null || reading.atMs < session.closedAt) return;
  let entry = session.shelves[shelfId];
  if (!entry) {
    entry = { baselineKg: null, post: [] };
    session.shelves[shelfId] = entry;
  }
  entry.post.push(reading);
  if (entry.post.length > MAX_POST_READINGS) entry.post = lastN(entry.post, MAX_POST_READINGS);
  if (session.source === 'step' && entry.post.length >= 2) {
    // The shelf was moving at the latest reading that disagrees with its neighbours.
    const window = lastN(entry.post, config.settleReadings);
    const centre = median(window.map((r) => r.kg));
    for (const r of window) {
      if (Math.abs(r.kg - centre) > config.settleToleranceKg)
        session.lastActivityAt = Math.max(session.lastActivityAt, r.atMs);
    }
  }
}

/** Shelves the settle waits for: trusted, with a baseline, and heard from lately. */
function requiredShelfIds(state: EstimatorState, session: SessionTrack, config: EstimatorConfig): string[] {
  return Object.entries(session.shelves)
    .filter(([id, entry]) => {
      const shelf = state.shelves[id];
      if (!shelf || entry.baselineKg === null || shelf.doubt !== null) return false;
      const heardMs = shelf.lastReadingAtMs ?? Number.NEGATIVE_INFINITY;
      return heardMs >= session.openedAt - config.settleTimeoutMs;
    })
    .map(([id]) => id);
}

/** The thresholds as they apply to one shelf's cell (its scale's step). */
const rulesFor = (state: EstimatorState, shelfId: string, config: EstimatorConfig): EstimatorConfig => {
  const shelf = state.shelves[shelfId];
  return shelf ? shelfConfig(shelf, config) : config;
};

/** A shelf no reading of which has left its baseline: nothing happened to it (yet). */
function untouched(entry: SessionShelf, config: EstimatorConfig): boolean {
  const baseline = entry.baselineKg;
  return baseline !== null && entry.post.every((r) => Math.abs(r.kg - baseline) <= config.settleToleranceKg);
}

/**
 * Door sessions end when every shelf settled after the door closed. Step sessions end when every
 * shelf that moved has settled since the last movement anywhere, so one visit that touches two
 * shelves in turn stays one session, and the next visit half a minute later is a session of its own.
 */
export function sessionIsSettled(state: EstimatorState, config: EstimatorConfig): boolean {
  const session = state.session;
  if (!session || session.closedAt === null) return false;
  return requiredShelfIds(state, session, config).every((id) => {
    const entry = session.shelves[id];
    if (!entry) return true;
    const rules = rulesFor(state, id, config);
    if (session.source === 'step' && untouched(entry, rules)) return true;
    if (session.source === 'step' && coarseShelf(state, id) && !coarseAtRest(entry, rules)) return false;
    const window = settledWindow(entry.post, rules.settleReadings, rules.settleToleranceKg);
    if (!window) return false;
    if (session.source === 'door') return true;
    return window.filter((r) => r.atMs > session.lastActivityAt).length >= config.settleReadings;
  });
}

/** Whether the session ran out of time to settle (and, for a door left open, marks it so). */
export function sessionTimedOut(state: EstimatorState, nowMs: number, config: EstimatorConfig): boolean {
  const session = state.session;
  if (!session) return false;
  if (session.closedAt === null) {
    if (nowMs - session.openedAt >= config.doorOpenTimeoutMs) {
      // Left open: read the shelves from now on as if it had closed, and watch for steps after.
      session.heldOpen = true;
      session.closedAt = nowMs;
    }
    return false;
  }
  const sinceMs = session.source === 'door' ? session.closedAt : session.lastActivityAt;
  return nowMs - sinceMs >= config.settleTimeoutMs;
}

interface ShelfResult {
  shelfId: string;
  deltaKg: number;
  outcome: SettleOutcome;
}

/** The last reading of a step session that was away from where its shelf settled. */
function stepEndMs(
  state: EstimatorState,
  session: SessionTrack,
  results: readonly ShelfResult[],
  config: EstimatorConfig,
): number {
  let endMs = session.openedAt;
  for (const { shelfId, outcome } of results) {
    const toleranceKg = rulesFor(state, shelfId, config).settleToleranceKg;
    for (const r of session.shelves[shelfId]?.post ?? []) {
      if (Math.abs(r.kg - outcome.levelKg) > toleranceKg) endMs = Math.max(endMs, r.atMs);
    }
  }
  return endMs;
}

/**
 * Ends the session: each shelf's change is where it settled minus its baseline. Returns the
 * session effect, or null for a step session whose shelves came back (a hand, a knock).
 */
export function finishSession(
  state: EstimatorState,
  quality: SettleQuality,
  nowMs: number,
  config: EstimatorConfig,
): DoorSessionEffect | null {
  const session = state.session;
  if (!session) return null;
  state.session = null;
  const results: ShelfResult[] = [];
  const rebases: Array<{ shelf: ShelfTrack; outcome: SettleOutcome }> = [];
  for (const [shelfId, entry] of Object.entries(session.shelves)) {
    const shelf = state.shelves[shelfId];
    if (!shelf || shelf.doubt !== null) continue;
    const outcome = readSettle(entry.post, shelfConfig(shelf, config));
    if (!outcome) {
      // No reading since the door closed: keep the level; the change, if any, shows up later.
      shelf.recent = [];
      continue;
    }
    if (entry.baselineKg === null || shelf.needsRebase) {
      if (outcome.clean) rebases.push({ shelf, outcome });
      continue;
    }
    results.push({ shelfId, deltaKg: outcome.levelKg - entry.baselineKg, outcome });
  }
  const isStep = session.source === 'step';
  const openMs = (session.closedAt ?? nowMs) - session.openedAt;
  const stepMoved = results.some((r) => Math.abs(r.deltaKg) > stayedMovedKg(state, r.shelfId, config));
  const foodMoved = results.some((r) => Math.abs(r.deltaKg) >= config.minChangeKg);
  // A step session whose shelves came back was a hand; a door that opened for a blink and
  // moved nothing was a bouncing switch or a knock: neither is a visit.
  const dropped = isStep ? !stepMoved : openMs < config.minVisitOpenMs && !foodMoved;
  if (dropped) {
    for (const { shelfId, outcome } of results) {
      const shelf = state.shelves[shelfId];
      if (shelf) shelf.recent = outcome.recent;
    }
    resumeCoarseRuns(state, session);
    return null;
  }
  const holdUntilMs = nowMs + config.holdAfterSessionMs;
  for (const { shelfId, outcome } of results) {
    const shelf = state.shelves[shelfId];
    if (shelf) applySettledLevel(shelf, outcome, holdUntilMs, config);
  }
  for (const { shelf, outcome } of rebases) {
    applySettledLevel(shelf, outcome, holdUntilMs, config);
    shelf.needsRebase = false;
  }
  seedCoarseRuns(state, session);
  const changed = results
    .filter((r) => Math.abs(r.deltaKg) >= config.minChangeKg)
    .map((r) => ({ shelfId: r.shelfId, deltaKg: roundTo(r.deltaKg, 3) }));
  // Food in or out is the net of the moves: a transfer between shelves is neither.
  const sumKg = changed.reduce((sum, s) => sum + s.deltaKg, 0);
  const netKg = Math.abs(sumKg) >= config.minChangeKg ? roundTo(sumKg, 3) : 0;
  const settle: SettleQuality =
    quality === 'interrupted' ? quality : results.every((r) => r.outcome.clean) ? 'clean' : 'timeout';
  return {
    type: 'doorSession',
    fridgeId: state.fridgeId,
    openedAt: session.openedAt,
    closedAt: isStep ? stepEndMs(state, session, results, config) : (session.closedAt ?? nowMs),
    shelves: changed,
    netKg,
    takenKg: Math.max(0, -netKg),
    addedKg: Math.max(0, netKg),
    source: session.source,
    settle,
  };
}
