import type { Clock } from '../clock';

/** Fires no sooner than this after scheduling: a burst of due deadlines is handled in one run. */
const MIN_DELAY_MS = 250;

/**
 * One timer for a feature whose pure rules name their next deadline (restock, alerts): it wakes
 * at the earliest one, measured on the injected clock, and at least every `maxDelayMs` so a clock
 * that jumps (tests, a suspended machine) is caught up with. `stop()` leaves no timer behind.
 */
export class DeadlineTimer {
  private timer: NodeJS.Timeout | null = null;
  private scheduledFor: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly maxDelayMs: number,
    private readonly onDue: () => void,
  ) {}

  /** Replaces any pending wake-up with one at `nextMs`; null: nothing is due, no timer. */
  schedule(nextMs: number | null): void {
    // Rescheduled on every reading: the same deadline keeps its timer (no clear and set again).
    if (nextMs !== null && this.timer !== null && nextMs === this.scheduledFor) return;
    this.stop();
    if (nextMs === null) return;
    this.scheduledFor = nextMs;
    const delayMs = Math.min(this.maxDelayMs, Math.max(MIN_DELAY_MS, nextMs - this.clock.nowMs()));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scheduledFor = null;
      this.onDue();
    }, delayMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.scheduledFor = null;
  }
}
