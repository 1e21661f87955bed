import { afterEach, describe, expect, it } from 'vitest';
import { english, LANGUAGES, languageName, loadMessages } from '../../dashboard/i18n/languages';
import { formatCelsius, formatKg, levelWords, relativeTime } from '../../dashboard/src/format';
import { applyPreferences, defaultPreferences, readStoredChoice } from '../../dashboard/src/locale';

/** Every key path of a catalogue, with the kind of value it holds. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [`${prefix}:${typeof value}`];
  return Object.entries(value).flatMap(([key, inner]) =>
    shape(inner, prefix === '' ? key : `${prefix}.${key}`),
  );
}

describe('languages and units', () => {
  afterEach(async () => {
    await applyPreferences({ language: 'en', temperature: 'celsius', weight: 'kg' });
  });

  it('finds Spanish beside English, and every language has every key of English', async () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'es']));
    expect(LANGUAGES[0]).toBe('en');
    for (const code of LANGUAGES) {
      const messages = await loadMessages(code);
      expect(shape(messages).sort(), code).toEqual(shape(english).sort());
    }
    expect(languageName('es')).toBe('Español');
  });

  it('takes units from the locale: en-US reads °F and lb, en-GB and es-MX °C and kg', () => {
    expect(defaultPreferences(['en-US', 'en'])).toEqual({
      language: 'en',
      temperature: 'fahrenheit',
      weight: 'lb',
    });
    expect(defaultPreferences(['en-GB'])).toEqual({ language: 'en', temperature: 'celsius', weight: 'kg' });
    expect(defaultPreferences(['es-MX', 'es'])).toEqual({
      language: 'es',
      temperature: 'celsius',
      weight: 'kg',
    });
    // A language without words here falls to the next one the reader reads, then English.
    expect(defaultPreferences(['fr-FR', 'es']).language).toBe('es');
    expect(defaultPreferences(['fr-FR']).language).toBe('en');
    expect(defaultPreferences([])).toEqual({ language: 'en', temperature: 'celsius', weight: 'kg' });
  });

  it('keeps only well-formed stored choices', () => {
    expect(readStoredChoice('{"language":"es","temperature":"fahrenheit","weight":"lb"}')).toEqual({
      language: 'es',
      temperature: 'fahrenheit',
      weight: 'lb',
    });
    expect(readStoredChoice('{"language":"xx","temperature":"kelvin","weight":3}')).toEqual({});
    expect(readStoredChoice('not json')).toEqual({});
    expect(readStoredChoice(null)).toEqual({});
  });

  it('formats in the chosen language and units', async () => {
    expect(formatCelsius(5)).toBe('5.0 °C');
    expect(formatKg(10)).toBe('10 kg');
    await applyPreferences({ language: 'es', temperature: 'fahrenheit', weight: 'lb' });
    expect(formatCelsius(5)).toBe('41.0 °F');
    expect(formatCelsius(-18)).toBe('-0.4 °F');
    expect(formatKg(10)).toBe('22 lb');
    expect(levelWords('few')).toBe('Pocas cosas');
    expect(relativeTime('2026-12-01T09:57:00Z', Date.parse('2026-12-01T10:00:00Z'))).toBe('hace 3 min');
  });
});
