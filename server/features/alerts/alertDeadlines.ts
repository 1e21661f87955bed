import type { Clock } from '../../clock';
import { nextAlertDeadline } from '../../domain/alerts/rules';
import type { AlertContext, FridgeAlertState } from '../../domain/alerts/types';
import type { FridgeDefinition } from '../../domain/fridgeStatus';
import { DeadlineQueue } from '../deadlineQueue';
import { DeadlineTimer } from '../deadlineTimer';

/** Longest sleep of the alert timer; a shorter one is set whenever a deadline comes closer. */
const MAX_TIMER_MS = 60_000;

/**
 * Each fridge's next alert deadline (door, silence, resolution, re-sends) and the one timer set to
 * the earliest. A fridge's deadline is recomputed when its state, settings or definition change,
 * never by a scan: recomputing every fridge's on each reading cost half the ingest CPU
 * (docs/benchmarks.md), and a timer firing that asked every fridge, twice, took 38 ms of one turn
 * at 10,000 fridges with a day of gaps (docs/scaling.md, "Ninth round"); it now takes the due
 * fridges from the queue.
 */
export class AlertDeadlines {
  private readonly queue = new DeadlineQueue();
  private readonly timer: DeadlineTimer;
  /**
   * The definition each fridge's deadline was computed with: a changed one (devices bound or
   * revoked, another kind) moves it, which a firing no longer catches by asking every fridge.
   */
  private readonly definitions = new Map<string, FridgeDefinition>();

  constructor(clock: Clock, onDue: () => void) {
    this.timer = new DeadlineTimer(clock, MAX_TIMER_MS, onDue);
  }

  /** One fridge's deadline from its state (O(log n)), then the timer. */
  refresh(
    fridgeId: string,
    state: FridgeAlertState,
    rules: AlertContext,
    definition: FridgeDefinition,
  ): void {
    this.definitions.set(fridgeId, definition);
    this.queue.set(fridgeId, nextAlertDeadline(state, rules));
    this.timer.schedule(this.queue.earliest());
  }

  /** Whether the fridge's definition is not the one its deadline was computed with. */
  outdated(fridgeId: string, definition: FridgeDefinition | undefined): boolean {
    return definition !== undefined && this.definitions.get(fridgeId) !== definition;
  }

  /** Takes out the fridges whose deadline has come by `nowMs`; each is refreshed as it is handled. */
  takeDue(nowMs: number): string[] {
    return this.queue.takeDue(nowMs);
  }

  /** A due fridge that could not be handled stays due: it is tried again at the next firing. */
  keepDue(fridgeId: string, atMs: number): void {
    this.queue.set(fridgeId, atMs);
  }

  /** Sets the timer to the earliest deadline left. */
  schedule(): void {
    this.timer.schedule(this.queue.earliest());
  }

  forget(fridgeId: string): void {
    this.queue.set(fridgeId, null);
    this.definitions.delete(fridgeId);
  }

  stop(): void {
    this.timer.stop();
    this.queue.clear();
    this.definitions.clear();
  }
}
