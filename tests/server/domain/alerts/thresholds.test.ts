import { describe, expect, it } from 'vitest';
import { FRIDGE_THRESHOLDS, thresholdsOf, thresholdsProblem } from '../../../../server/domain/alerts/config';
import { context, HOUR, MINUTE, Scenario, T0 } from './fixtures';

describe('per-fridge thresholds', () => {
  it('a fridge with warnAboveCelsius lowered to 4 °C warns at 4.5 °C, where the default stays quiet', () => {
    const byDefault = new Scenario();
    byDefault.temperatures(T0, T0 + HOUR, () => 4.5);
    byDefault.runUntil(T0 + HOUR);
    expect(byDefault.changes()).toEqual([]);

    const lowered = new Scenario(context({}, { thresholds: { warnAboveCelsius: 4 } }));
    lowered.temperatures(T0, T0 + HOUR, () => 4.5);
    expect(lowered.changes()).toEqual(['tooWarm:raised:warning']);
    expect(lowered.last('tooWarm', 'raised')?.alert.raisedAtMs).toBe(T0 + 30 * MINUTE);
  });

  it('a shorter warnForMs warns sooner', () => {
    const s = new Scenario(context({}, { thresholds: { warnForMs: 10 * MINUTE } }));
    s.temperatures(T0, T0 + 20 * MINUTE, () => 6);
    expect(s.last('tooWarm', 'raised')?.alert.raisedAtMs).toBe(T0 + 10 * MINUTE);
  });

  it('overrides apply over the profile defaults, field by field', () => {
    const th = thresholdsOf({ profile: 'fridge', probe: 'air', thresholds: { criticalAboveCelsius: 7 } });
    expect(th).toEqual({ ...FRIDGE_THRESHOLDS, criticalAboveCelsius: 7 });
  });

  it('refuses a warning threshold above a critical one, naming the overridden field', () => {
    expect(thresholdsProblem({ ...FRIDGE_THRESHOLDS, warnAboveCelsius: 9 }, { warnAboveCelsius: 9 })).toMatch(
      /^thresholds\.warnAboveCelsius: .* above the critical criticalTotalAboveCelsius \(5 °C\)$/,
    );
    expect(
      thresholdsProblem({ ...FRIDGE_THRESHOLDS, criticalAboveCelsius: 4 }, { criticalAboveCelsius: 4 }),
    ).toMatch(/^thresholds\.criticalAboveCelsius: /);
    expect(thresholdsProblem({ ...FRIDGE_THRESHOLDS, coldBelowCelsius: 6 }, { coldBelowCelsius: 6 })).toMatch(
      /^thresholds\.coldBelowCelsius: /,
    );
    expect(thresholdsProblem(FRIDGE_THRESHOLDS)).toBeNull();
    expect(thresholdsProblem({ ...FRIDGE_THRESHOLDS, warnAboveCelsius: null })).toBeNull();
  });
});
