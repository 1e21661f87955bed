import { roundTo } from '../stock';
import { resumeCoarseRuns, seedCoarseRuns, stayedMovedKg } from './coarseSession';
import type { EstimatorConfig } from './config';
import { shelfConfig } from './resolution';
import { rulesFor } from './sessionSettle';
import { applySettledLevel, readSettle, type SettleOutcome } from './shelfLevel';
import type { DoorSessionEffect, EstimatorState, SessionTrack, SettleQuality, ShelfTrack } from './types';

/** A session's end: each shelf's change, the visit (or no visit), and the `doorSession` effect. */

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
