import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextAlertDeadline } from '../../../server/domain/alerts/rules';
import type { FridgeDefinition } from '../../../server/domain/fridgeStatus';
import { AlertDeadlines } from '../../../server/features/alerts/alertDeadlines';
import { TestClock } from '../../helpers/testClock';
import { context, MINUTE, Scenario, T0 } from '../domain/alerts/fixtures';

const definition = (id: string) => ({ id, deviceIds: ['elm-sensor'] }) as unknown as FridgeDefinition;

/** Three fridges: two doors left open a few minutes apart (doorAjar after 3 min), one only reporting. */
function fridges() {
  const scenarios = new Map<string, Scenario>();
  for (const [id, openedAtMs] of [
    ['elm', T0],
    ['oak', T0 + 2 * MINUTE],
    ['pine', null],
  ] as const) {
    const scenario = new Scenario(context({ fridgeId: id }));
    scenario.reading(T0, { kind: 'temperature', celsius: 4 });
    if (openedAtMs !== null) scenario.door(openedAtMs, true);
    scenarios.set(id, scenario);
  }
  return scenarios;
}

describe('AlertDeadlines: a timer firing visits the due fridges alone', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires at the earliest deadline on the injected clock and hands over exactly the fridges due then', async () => {
    vi.useFakeTimers();
    const clock = new TestClock(T0 + 2 * MINUTE);
    /** The injected clock and the timers move together, a second at a time. */
    const pass = async (ms: number) => {
      for (let at = 0; at < ms; at += 1_000) {
        clock.advance(1_000);
        await vi.advanceTimersByTimeAsync(1_000);
      }
    };
    const firings: string[][] = [];
    const deadlines: AlertDeadlines = new AlertDeadlines(clock, () => {
      const due = deadlines.takeDue(clock.nowMs());
      firings.push(due);
      deadlines.schedule();
    });
    const scenarios = fridges();
    for (const [id, { state, ctx }] of scenarios) deadlines.refresh(id, state, ctx, definition(id));
    const elmAt = nextAlertDeadline(scenarios.get('elm')?.state as never, context()) as number;
    expect(elmAt).toBe(T0 + 3 * MINUTE);

    // A minute passes: elm's door has been open 3 minutes, oak's 1.
    await pass(MINUTE);
    expect(firings).toEqual([['elm']]);
    // Two more minutes: oak's turn; elm is not handed over again (its step would set its next deadline).
    // The timer also wakes once between (it sleeps a minute at most), with nothing due.
    await pass(2 * MINUTE);
    expect(firings).toEqual([['elm'], [], ['oak']]);
    expect(deadlines.takeDue(clock.nowMs() + 60 * MINUTE)).toEqual(['pine']);
    deadlines.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a fridge that could not be handled stays due; a forgotten one is not handed over', () => {
    const clock = new TestClock(T0);
    const deadlines = new AlertDeadlines(clock, () => {});
    const scenarios = fridges();
    for (const [id, { state, ctx }] of scenarios) deadlines.refresh(id, state, ctx, definition(id));
    deadlines.forget('oak');
    const due = deadlines.takeDue(T0 + 10 * MINUTE);
    expect(due).toEqual(['elm']);
    deadlines.keepDue('elm', T0 + 10 * MINUTE);
    expect(deadlines.takeDue(T0 + 10 * MINUTE)).toEqual(['elm']);
    deadlines.stop();
  });

  it('knows when a fridge changed since its deadline was computed (another definition object)', () => {
    const deadlines = new AlertDeadlines(new TestClock(T0), () => {});
    const scenario = fridges().get('elm') as Scenario;
    const elm = definition('elm');
    expect(deadlines.outdated('elm', elm)).toBe(true);
    deadlines.refresh('elm', scenario.state, scenario.ctx, elm);
    expect(deadlines.outdated('elm', elm)).toBe(false);
    expect(deadlines.outdated('elm', { ...elm, deviceIds: [] })).toBe(true);
    expect(deadlines.outdated('elm', undefined)).toBe(false);
    deadlines.stop();
  });
});
