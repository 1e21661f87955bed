import { coarseAtRest, coarseShelf } from './coarseSession';
import type { EstimatorConfig } from './config';
import { shelfConfig } from './resolution';
import { lastN, median, settledWindow } from './robust';
import type { EstimatorState, SessionShelf, SessionTrack, TimedKg } from './types';

/** A session's readings, and when its shelves have settled or run out of time to. */

/** A step session in a busy pantry can last; its oldest readings no longer matter. */
const MAX_POST_READINGS = 60;

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
export const rulesFor = (
  state: EstimatorState,
  shelfId: string,
  config: EstimatorConfig,
): EstimatorConfig => {
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
