import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS_CONFIG } from '../../../../server/domain/alerts/config';
import { context, HOUR, MINUTE, Scenario, T0 } from './fixtures';

/** A reading a minute at `celsius` with the timer ticking between them, as the feature runs. */
function hold(s: Scenario, fromMs: number, toMs: number, celsius: number): void {
  for (let t = fromMs; t < toMs; t += MINUTE) {
    s.runUntil(t);
    s.celsius(t, celsius);
  }
}
/** A fridge held at 6.2 °C from T0: the warning is raised at T0 + 30 min. */
function warmFridge(s: Scenario, untilMs: number): void {
  hold(s, T0, untilMs, 6.2);
}
const RAISED_AT = T0 + 30 * MINUTE;

describe('escalation over time: an unacknowledged alert widens like a restock request', () => {
  it('a warning starts at the nearest circle and is told to the area after 30 min unacknowledged, once', () => {
    const s = new Scenario();
    warmFridge(s, T0 + 59 * MINUTE);
    expect(s.active('tooWarm')).toMatchObject({ circle: 0, widenAtMs: RAISED_AT + 30 * MINUTE });
    s.runUntil(RAISED_AT + 30 * MINUTE - 1);
    expect(s.changes()).toEqual(['tooWarm:raised:warning']);
    s.runUntil(RAISED_AT + 30 * MINUTE);
    expect(s.changes()).toEqual(['tooWarm:raised:warning', 'tooWarm:widened:warning']);
    expect(s.last('tooWarm', 'widened')).toMatchObject({
      atMs: RAISED_AT + 30 * MINUTE,
      alert: { circle: 1, widenAtMs: null },
    });
    // The widest circle is told once: nothing more while it stays a warning.
    hold(s, T0 + 60 * MINUTE, T0 + 110 * MINUTE, 6.2);
    s.runUntil(T0 + 110 * MINUTE);
    expect(s.changes()).toEqual(['tooWarm:raised:warning', 'tooWarm:widened:warning']);
  });

  it('an acknowledged warning does not widen', () => {
    const s = new Scenario();
    warmFridge(s, RAISED_AT + 10 * MINUTE);
    const id = s.active('tooWarm')?.id ?? '';
    s.at(RAISED_AT + 10 * MINUTE, { type: 'acknowledge', alertId: id, by: 'Ana', note: null });
    expect(s.active('tooWarm')?.widenAtMs).toBeNull();
    hold(s, RAISED_AT + 10 * MINUTE, RAISED_AT + 80 * MINUTE, 6.2);
    s.runUntil(RAISED_AT + 80 * MINUTE);
    expect(s.changes()).toEqual(['tooWarm:raised:warning', 'tooWarm:acknowledged:warning']);
  });

  it('a warning that clears before its time does not widen; it resolves', () => {
    const s = new Scenario();
    warmFridge(s, RAISED_AT + 5 * MINUTE);
    hold(s, RAISED_AT + 5 * MINUTE, RAISED_AT + 2 * HOUR, 4);
    s.runUntil(RAISED_AT + 2 * HOUR);
    expect(s.changes()).toEqual(['tooWarm:raised:warning', 'tooWarm:resolved:warning']);
  });

  it('a critical alert reaches every circle at once, and an escalated warning too: nothing left to widen', () => {
    const atOnce = new Scenario(context({}, { profile: 'freezer' }));
    atOnce.celsius(T0, 5);
    expect(atOnce.active('tooWarm')).toMatchObject({ severity: 'critical', circle: 1, widenAtMs: null });

    const s = new Scenario();
    hold(s, T0, T0 + 3 * HOUR, 6.5);
    s.runUntil(T0 + 3 * HOUR);
    // Widened at 1 h (30 min after the warning), critical at 2 h in total, then re-sent.
    expect(s.changes().slice(0, 3)).toEqual([
      'tooWarm:raised:warning',
      'tooWarm:widened:warning',
      'tooWarm:escalated:critical',
    ]);
    expect(s.changes().filter((c) => c.includes('widened'))).toHaveLength(1);
    expect(s.active('tooWarm')).toMatchObject({ circle: 1, widenAtMs: null });
  });

  it('a warning from a buffered upload widens 30 min after the upload, not after its measured time', () => {
    const s = new Scenario();
    const uploadAt = T0 + 3 * HOUR;
    for (let t = T0; t < T0 + 45 * MINUTE; t += MINUTE) s.celsius(t, 6.2, uploadAt);
    expect(s.active('tooWarm')?.widenAtMs).toBe(uploadAt + 30 * MINUTE);
  });

  it('follows the configured escalateAfterMs', () => {
    const s = new Scenario(context({ config: { ...DEFAULT_ALERTS_CONFIG, escalateAfterMs: 10 * MINUTE } }));
    warmFridge(s, RAISED_AT + 20 * MINUTE);
    s.runUntil(RAISED_AT + 20 * MINUTE);
    expect(s.last('tooWarm', 'widened')?.atMs).toBe(RAISED_AT + 10 * MINUTE);
  });
});
