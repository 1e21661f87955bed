/**
 * What one firing of the alert timer costs at N fridges, each with a day of gaps per device and
 * probe (`bench/dayOfGaps.ts`), when a few fridges are due: main before the ninth round walked
 * every fridge, asking each its next deadline (`nextAlertDeadline`) to find the due ones, then
 * asked every fridge again to rebuild the deadline queue (`scheduleTimer`); now the queue hands
 * over the due fridges alone (`DeadlineQueue.takeDue`). Both are timed here on the same states,
 * without the ticks themselves (the same work either way), in CPU per firing.
 *
 *   node --import tsx bench/alerts/timerWalk.ts [fridges=10000] [firings=20]
 */
import { nextAlertDeadline } from '../../server/domain/alerts/rules';
import type { AlertContext, FridgeAlertState } from '../../server/domain/alerts/types';
import { DeadlineQueue } from '../../server/features/deadlineQueue';
import { dayOfGapsFridge } from '../dayOfGaps';

const fridges = Number(process.argv[2] ?? 10_000);
const firings = Number(process.argv[3] ?? 20);
/** Monday 30 November 2026, 12:00 UTC. */
const START_MS = Date.UTC(2026, 10, 30, 12);
const states = new Map<string, FridgeAlertState>();
const contexts = new Map<string, AlertContext>();
for (let n = 0; n < fridges; n++) {
  const { id, state, context } = dayOfGapsFridge(n, START_MS + n * 6);
  states.set(id, state);
  contexts.set(id, context);
}
const queue = new DeadlineQueue();
for (const [id, state] of states) queue.set(id, nextAlertDeadline(state, contexts.get(id) as AlertContext));
const earliest = queue.earliest() as number;

const cpuUs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

/** Main's firing: every fridge asked, the due ones collected, then every fridge asked again. */
function walkEveryFridge(nowMs: number): number {
  let due = 0;
  for (const fridgeId of [...states.keys()]) {
    const deadline = nextAlertDeadline(
      states.get(fridgeId) as FridgeAlertState,
      contexts.get(fridgeId) as AlertContext,
    );
    if (deadline !== null && deadline <= nowMs) due++;
  }
  queue.clear();
  for (const [fridgeId, state] of states)
    queue.set(fridgeId, nextAlertDeadline(state, contexts.get(fridgeId) as AlertContext));
  queue.earliest();
  return due;
}

/** This branch's firing: the due fridges taken from the queue, each given its next deadline back. */
function takeDueOnly(nowMs: number): number {
  const due = queue.takeDue(nowMs);
  for (const fridgeId of due) queue.set(fridgeId, nowMs + 60_000 + due.length);
  queue.earliest();
  return due.length;
}

for (const [name, fire] of [
  ['walk every fridge (main)', walkEveryFridge],
  ['take the due ones (alertsnap)', takeDueOnly],
  ['walk every fridge (main)', walkEveryFridge],
  ['take the due ones (alertsnap)', takeDueOnly],
] as const) {
  // About 10 fridges due at each firing: the earliest deadlines, a few ms apart.
  let due = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < firings; i++) due += fire(earliest + i);
  console.log(
    `${name}, ${fridges} fridges: ${(cpuUs(cpu) / firings / 1000).toFixed(2)} ms CPU per firing (${(due / firings).toFixed(1)} due per firing)`,
  );
}
