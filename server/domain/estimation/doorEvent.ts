import type { Step } from './estimatorStep';
import { finish } from './estimatorStep';
import {
  convertToDoorSession,
  holdReopenedSession,
  openDoorSession,
  reopenDoorSession,
  reopenedForAVisit,
} from './sessionOpen';
import { endShutExcursions } from './shutDoor';

/** The door sensor: a session opens, bounces, hands over to the next neighbour, or closes. */

/**
 * The door shut for less than the debounce between two openings that each lasted longer: two
 * neighbours, one at the handle as the other let go. The first visit ends at its close with what
 * it has (no reading came in between: its change, if any, is read with the second visit).
 */
export function splitHandOver(step: Step): void {
  const session = step.state.session;
  const reopened = session?.reopened;
  if (!session || !reopened) return;
  session.closedAt = reopened.closedAt;
  session.reopened = null;
  finish(step, 'interrupted');
  openDoorSession(step.state, reopened.reopenedAt, step.config);
}

export function onDoor(step: Step, open: boolean, atMs: number): void {
  const { state } = step;
  const door = state.door;
  if (door && (atMs < door.sinceMs || door.open === open)) return;
  state.door = { open, sinceMs: atMs };
  const session = state.session;
  if (open) {
    endShutExcursions(state);
    if (
      session?.source === 'door' &&
      session.closedAt !== null &&
      !session.heldOpen &&
      atMs - session.closedAt < step.config.doorDebounceMs
    ) {
      // Shut and open again within the debounce. After a blink open, the switch bounced and the
      // door never shut; after a real opening, how long it stays open now tells a bounce on
      // closing from the next neighbour at the handle.
      const openForMs = session.closedAt - (session.lastOpenedAt ?? session.openedAt);
      if (openForMs < step.config.doorDebounceMs) reopenDoorSession(session, atMs);
      else holdReopenedSession(session, atMs);
      return;
    }
    if (session?.source === 'step') convertToDoorSession(session, atMs);
    else {
      // Reopened before the shelves settled: read the last visit from what it has.
      if (session) finish(step, 'interrupted');
      openDoorSession(state, atMs, step.config);
    }
    return;
  }
  if (session?.reopened) {
    if (reopenedForAVisit(session, atMs, step.config)) splitHandOver(step);
    // Open again for a blink only: the closing bounced, the door shuts now.
    else reopenDoorSession(session, session.reopened.reopenedAt);
  }
  const current = state.session;
  if (current?.source === 'door' && current.closedAt === null) current.closedAt = atMs;
}
