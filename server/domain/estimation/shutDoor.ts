import type { EstimatorConfig } from './config';
import { discardQuietStretch } from './driftRate';
import { kgOf, lastN, mean, settledWindow } from './robust';
import { discardThermalStretch } from './thermal';
import type { DoubtReason, EstimatorState, ShelfDoubtChangedEffect, ShelfTrack, TimedKg } from './types';

/**
 * With a working door sensor, food only moves while the door is open. A shelf whose weight moves
 * with the door shut is being leaned on, bumped, shaken or wiped (it comes back), or its cell
 * jumped, the shelf slipped, or the door sensor missed an opening (it stays). Either way it is no
 * visit: the shelf's level is held, and a change that stays is flagged, never counted as food.
 */

/** Readings an excursion keeps: a few minutes of a busy cell. */
const MAX_EXCURSION_READINGS = 60;

/** The door sensor has spoken and says shut: weight changes now are not food. */
export const doorWatchedShut = (state: EstimatorState): boolean =>
  state.door !== null && !state.door.open && state.session === null;

/** The shelf's doubt as the public sees it: a sensor fault first, then a change with the door shut. */
export const shelfDoubtReason = (shelf: ShelfTrack): DoubtReason | null =>
  shelf.doubt?.reason ?? (shelf.shutChange ? 'changed-while-shut' : null);

/**
 * The readings left the level with the door shut (`sinceMs`: the first that moved); `current` is
 * the reading that showed it, passed on to `continueShutExcursion` next. Mutates `shelf`.
 */
export function startShutExcursion(shelf: ShelfTrack, sinceMs: number, current: TimedKg): void {
  shelf.shutExcursion = { sinceMs, readings: shelf.recent.filter((r) => r.atMs >= sinceMs && r !== current) };
}

/** `unflagged`: it settled back where it was before an earlier flagged change (a long lean ended). */
export type ExcursionOutcome = 'moving' | 'returned' | 'flagged' | 'unflagged';

/**
 * One usable reading of a shelf on an excursion (`config` as it applies to the shelf). It came
 * back to the level: a disturbance, forgotten. It settled elsewhere and stayed for
 * `shutChangeConfirmMs`: the level moves there and the empty reading with it (the stock holds),
 * and the change is flagged. Mutates `shelf`.
 */
export function continueShutExcursion(
  shelf: ShelfTrack,
  reading: TimedKg,
  config: EstimatorConfig,
): ExcursionOutcome {
  const excursion = shelf.shutExcursion;
  if (!excursion || shelf.levelKg === null) return 'moving';
  excursion.readings = lastN([...excursion.readings, reading], MAX_EXCURSION_READINGS);
  const window = settledWindow(excursion.readings, config.settleReadings, config.settleToleranceKg);
  if (!window) return 'moving';
  const settledKg = mean(kgOf(window));
  const deltaKg = settledKg - shelf.levelKg;
  if (Math.abs(deltaKg) <= config.stepThresholdKg) {
    shelf.shutExcursion = null;
    shelf.recent = window;
    shelf.asOfMs = reading.atMs;
    return 'returned';
  }
  if (reading.atMs - excursion.sinceMs < config.shutChangeConfirmMs) return 'moving';
  shelf.shutExcursion = null;
  shelf.levelKg = settledKg;
  shelf.emptyKg += deltaKg;
  shelf.clampedFromKg = null;
  shelf.levelSamples = window.length;
  shelf.recent = window;
  shelf.asOfMs = reading.atMs;
  // The quiet stretch that straddles the jump would teach a drift or a temperature slope it never had.
  discardQuietStretch(shelf.driftRate);
  discardThermalStretch(shelf.thermal);
  const netKg = deltaKg + (shelf.shutChange?.deltaKg ?? 0);
  if (shelf.shutChange && Math.abs(netKg) <= config.stepThresholdKg) {
    shelf.shutChange = null;
    return 'unflagged';
  }
  shelf.shutChange = { atMs: reading.atMs, deltaKg: netKg, untilMs: reading.atMs + config.shutChangeFlagMs };
  return 'flagged';
}

/** The door opened: what the shelves do now is read by the session, from the held levels. */
export function endShutExcursions(state: EstimatorState): void {
  for (const shelf of Object.values(state.shelves)) shelf.shutExcursion = null;
}

/** Ends the flags whose time ran out; an effect for each shelf whose public doubt cleared with it. */
export function expireShutChanges(state: EstimatorState, nowMs: number): ShelfDoubtChangedEffect[] {
  const effects: ShelfDoubtChangedEffect[] = [];
  for (const id of state.shelfIds) {
    const shelf = state.shelves[id];
    if (!shelf?.shutChange || nowMs < shelf.shutChange.untilMs) continue;
    shelf.shutChange = null;
    if (shelf.doubt === null)
      effects.push({
        type: 'shelfDoubtChanged',
        fridgeId: state.fridgeId,
        shelfId: id,
        reason: null,
        atMs: nowMs,
      });
  }
  return effects;
}
