import { afterEach, describe, expect, it } from 'vitest';
import type { FridgeStatus, TemperatureReason } from '../../contract/api';
import { applyPreferences } from '../../dashboard/src/locale';
import { formatTemperatureFigure, temperatureStatusWords } from '../../dashboard/src/temperature-words';

const NOW_MS = Date.parse('2026-12-01T10:00:00.000Z');
const reason = (
  code: TemperatureReason['code'],
  figures: Partial<TemperatureReason> = {},
): TemperatureReason => ({
  code,
  freezer: false,
  critical: false,
  steadyRise: false,
  endedAt: null,
  celsius: null,
  ...figures,
});
const status = (
  fields: Partial<FridgeStatus['temperature']> & Pick<FridgeStatus['temperature'], 'status'>,
): FridgeStatus['temperature'] => ({ celsius: 7, asOf: null, since: null, text: null, ...fields });

describe('the temperature status in the reader’s words and unit', () => {
  afterEach(async () => {
    await applyPreferences({ language: 'en', temperature: 'celsius', weight: 'kg' });
  });

  it('says in English what the server says, from the reason code', () => {
    const warm = status({
      status: 'warning',
      since: '2026-12-01T09:29:00.000Z',
      text: 'Too warm for 31 min: take no meat, dairy or cooked food',
      reason: reason('tooWarm'),
    });
    expect(temperatureStatusWords(warm, NOW_MS)).toBe(warm.text);
    const critical = { ...warm, status: 'critical' as const, reason: reason('tooWarm', { critical: true }) };
    expect(temperatureStatusWords(critical, NOW_MS)).toBe(
      'Too warm for 31 min: do not take meat, dairy, cooked food or other perishables',
    );
    const cold = status({ status: 'warning', reason: reason('tooCold', { celsius: -1.5 }) });
    expect(temperatureStatusWords(cold, NOW_MS)).toBe('Too cold (-1.5 °C): some food may have frozen');
    expect(temperatureStatusWords({ ...warm, status: 'ok', reason: reason('cold') }, NOW_MS)).toBeNull();
  });

  it('falls back to the server sentence for a status saved without a reason', () => {
    const old = status({ status: 'unknown', text: 'Sensor offline since 14:02: the figures are old' });
    expect(temperatureStatusWords(old, NOW_MS)).toBe(old.text);
  });

  it('says it in Spanish and °F for a Spanish reader who reads Fahrenheit', async () => {
    await applyPreferences({ language: 'es', temperature: 'fahrenheit', weight: 'lb' });
    const cold = status({
      status: 'warning',
      text: 'Too cold (-1.5 °C)',
      reason: reason('tooCold', { celsius: -1.5 }),
    });
    expect(temperatureStatusWords(cold, NOW_MS)).toBe(
      'Demasiado frío (29.3 °F): algo de comida puede haberse congelado',
    );
    const rising = status({
      status: 'critical',
      since: '2026-12-01T08:50:00.000Z',
      reason: reason('tooWarm', { critical: true, steadyRise: true }),
    });
    expect(temperatureStatusWords(rising, NOW_MS)).toBe(
      'Demasiado caliente durante 1 h 10 min (sube con la puerta cerrada: ¿corte de luz?): no tome carne, lácteos, comida cocinada ni otros perecederos',
    );
    const over = status({
      status: 'warning',
      since: '2026-12-01T08:00:00.000Z',
      reason: reason('tooWarm', { endedAt: '2026-12-01T08:45:00.000Z', freezer: true }),
    });
    expect(temperatureStatusWords(over, NOW_MS)).toBe(
      'Demasiado caliente durante 45 min: la comida puede empezar a descongelarse: tome solo lo que cocine hoy; ya está frío otra vez, en observación',
    );
    expect(formatTemperatureFigure(5)).toBe('41 °F');
  });
});
