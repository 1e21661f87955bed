import type { Clock } from '../../server/clock';

/**
 * A clock the test moves by hand: timers and rules see exactly the time the test says. It starts
 * at an instant the test chooses, never at the wall clock's: quiet hours and active hours must not
 * depend on when the suite runs.
 */
export class TestClock implements Clock {
  constructor(public ms: number) {}
  nowMs = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}
