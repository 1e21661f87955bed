import { describe, expect, it } from 'vitest';
import {
  acceptedLanguage,
  formatDateTime,
  SERVER_LANGUAGES,
  supportedLanguage,
  wordsFor,
} from '../../../server/i18n';

const THURSDAY_9_UTC = Date.UTC(2026, 11, 3, 9, 0);

describe('the words the server writes to neighbours', () => {
  it('knows English first, then Spanish, and falls back to English', () => {
    expect(SERVER_LANGUAGES).toEqual(['en', 'es']);
    expect(supportedLanguage('es')).toBe('es');
    expect(supportedLanguage('fr')).toBe('en');
    expect(supportedLanguage(undefined)).toBe('en');
    // Not an own key of the table, so no prototype property passes for a language.
    expect(supportedLanguage('constructor')).toBe('en');
    expect(wordsFor('fr').liveStatus).toBe('Live status');
  });

  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['fr-FR, en;q=0.5, es;q=0.7', 'es'],
    ['de, en-GB;q=0.9', 'en'],
    ['es;q=0, en;q=0.1', 'en'],
    ['ES-es', 'es'],
    ['pt-BR, es', 'es'],
  ])('takes %j as %s', (header, code) => {
    expect(acceptedLanguage(header)).toBe(code);
  });

  it("writes a date and time in the language's locale and the site's time zone", () => {
    expect(formatDateTime(THURSDAY_9_UTC, wordsFor('en'), 'Europe/Madrid')).toBe(
      'Thursday 3 December at 10:00',
    );
    expect(formatDateTime(THURSDAY_9_UTC, wordsFor('es'), 'America/Mexico_City')).toBe(
      'jueves, 3 de diciembre, 03:00',
    );
  });
});
