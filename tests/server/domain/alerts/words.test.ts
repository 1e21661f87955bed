import { describe, expect, it } from 'vitest';
import { temperatureVerdict } from '../../../../server/domain/alerts/words';
import { HOUR, MINUTE, Scenario, T0 } from './fixtures';

/** The reason code and figures the dashboard words in the reader's language and unit. */
const reason = (code: string, figures: object = {}) => ({
  code,
  freezer: false,
  critical: false,
  steadyRise: false,
  endedAt: null,
  celsius: null,
  ...figures,
});

const verdict = (s: Scenario, celsius: number | null, nowMs: number) =>
  temperatureVerdict({
    profile: 'fridge',
    warnAboveCelsius: 5,
    celsius,
    alerts: s.state.alerts,
    nowMs,
    timeZone: 'Europe/London',
  });

describe('the public temperature status in words', () => {
  it('ok when cold; warm air that no rule flags is ok too, said honestly', () => {
    const s = new Scenario();
    expect(verdict(s, 3.8, T0)).toEqual({
      status: 'ok',
      sinceMs: null,
      text: 'Cold enough',
      reason: reason('cold'),
    });
    expect(verdict(s, 7.2, T0)).toMatchObject({
      text: 'Above 5 °C for now, as after a door opening; an alert follows if it stays warm',
      reason: reason('warmForNow', { celsius: 5 }),
    });
  });

  it('a warning says for how long and what not to take; critical says more', () => {
    const s = new Scenario();
    s.temperatures(T0, T0 + 41 * MINUTE, () => 6);
    expect(verdict(s, 6, T0 + 40 * MINUTE)).toEqual({
      status: 'warning',
      sinceMs: T0,
      text: 'Too warm for 40 min: take no meat, dairy or cooked food',
      reason: reason('tooWarm'),
    });
    s.temperatures(T0 + 41 * MINUTE, T0 + 2 * HOUR + MINUTE, () => 6);
    expect(verdict(s, 6, T0 + 2 * HOUR)).toMatchObject({
      text: 'Too warm for 2 h: do not take meat, dairy, cooked food or other perishables',
      reason: reason('tooWarm', { critical: true }),
    });
  });

  it('a silent sensor says since when, in the site time zone', () => {
    const s = new Scenario();
    s.celsius(T0, 4);
    s.runUntil(T0 + HOUR);
    expect(verdict(s, 4, T0 + HOUR)).toEqual({
      status: 'unknown',
      sinceMs: T0,
      text: 'Sensor offline since 09:00: the figures are old',
      reason: reason('sensorOffline'),
    });
  });

  it('a pantry has no temperature verdict', () => {
    expect(
      temperatureVerdict({
        profile: 'none',
        warnAboveCelsius: null,
        celsius: 21,
        alerts: {},
        nowMs: T0,
        timeZone: 'UTC',
      }),
    ).toEqual({ status: 'unknown', sinceMs: null, text: null, reason: null });
  });
});
