import { atId, idRecord, idRecordOf, withId } from '../idRecord';
import type { Condition } from './lifecycle';
import type { AlertContext, DoorTrack } from './types';

/** The door opened or closed at `atMs` (measured time); a repeated state changes nothing. */
export function onDoor(
  door: DoorTrack,
  open: boolean,
  atMs: number,
  shelfKg: Record<string, number>,
): DoorTrack {
  if (door.sinceMs !== null && atMs < door.sinceMs) return door;
  if (open) {
    if (door.open) return door;
    return { ...door, open: true, sinceMs: atMs, weightsAtOpen: idRecordOf(shelfKg), weightChanged: false };
  }
  if (!door.open && door.sinceMs !== null) return door;
  return {
    ...door,
    open: false,
    sinceMs: atMs,
    lastClosedMs: atMs,
    weightsAtOpen: idRecord(),
    weightChanged: false,
  };
}

/** A shelf weighed `kg`: while the door is open, a real change shows someone is at the fridge. */
export function onShelfWeight(
  door: DoorTrack,
  shelfId: string,
  kg: number,
  context: AlertContext,
): DoorTrack {
  if (!door.open || door.weightChanged) return door;
  const atOpen = atId(door.weightsAtOpen, shelfId);
  if (atOpen === undefined) return { ...door, weightsAtOpen: withId(door.weightsAtOpen, shelfId, kg) };
  if (Math.abs(kg - atOpen) < context.config.doorWeightChangeKg) return door;
  return { ...door, weightChanged: true };
}

/** Door open longer than `doorAjarAfterMs`: someone should close it. */
export function doorAjarCondition(door: DoorTrack, atMs: number, context: AlertContext): Condition | null {
  if (!door.open || door.sinceMs === null) return null;
  const firedAtMs = door.sinceMs + context.config.doorAjarAfterMs;
  if (atMs < firedAtMs) return null;
  return { severity: 'warning', startedAtMs: door.sinceMs, firedAtMs };
}

/**
 * Open for `doorSwitchSuspectAfterMs` and no shelf moved: nobody is there, so the switch (or its
 * magnet) more likely reads "open" wrongly than a door stands open for a quarter of an hour.
 */
export function doorSwitchCondition(door: DoorTrack, atMs: number, context: AlertContext): Condition | null {
  if (!door.open || door.sinceMs === null || door.weightChanged) return null;
  const firedAtMs = door.sinceMs + context.config.doorSwitchSuspectAfterMs;
  if (atMs < firedAtMs) return null;
  return { severity: 'warning', startedAtMs: door.sinceMs, firedAtMs };
}

/** When time alone would raise a door alert that is not raised yet. */
export function nextDoorDeadline(
  door: DoorTrack,
  raised: { ajar: boolean; switch: boolean },
  context: AlertContext,
): number | null {
  if (!door.open || door.sinceMs === null) return null;
  const deadlines: number[] = [];
  if (!raised.ajar) deadlines.push(door.sinceMs + context.config.doorAjarAfterMs);
  if (!raised.switch && !door.weightChanged)
    deadlines.push(door.sinceMs + context.config.doorSwitchSuspectAfterMs);
  return deadlines.length === 0 ? null : Math.min(...deadlines);
}
