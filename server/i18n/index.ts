import { words as en, type ServerWords } from './en/index';
import { words as es } from './es/index';

export { languageName } from '../../contract/languageName';

/**
 * The languages of what the server writes to neighbours and volunteers, English first, one folder each. The server is one bundled
 * file (scripts/build.ts), so each language is imported here rather than found on disk.
 */
const WORDS: Readonly<Record<string, ServerWords>> = { en, es };

export const DEFAULT_LANGUAGE = 'en';
export const SERVER_LANGUAGES: readonly string[] = Object.keys(WORDS);

/** The language the server will write in for a requested code: itself when known, else English. */
export function supportedLanguage(code: string | undefined): string {
  return code !== undefined && Object.hasOwn(WORDS, code) ? code : DEFAULT_LANGUAGE;
}

/**
 * The first language of an `Accept-Language` header (RFC 9110 §12.5.4) the server has words for, by
 * weight then order; English when none. For pages whose reader is not known (a broken link).
 */
export function acceptedLanguage(header: string | undefined): string {
  const ranked = (header ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return {
        code: tag.trim().toLowerCase().split('-')[0] ?? '',
        weight: q === undefined ? 1 : Number(q),
        order,
      };
    })
    .filter((entry) => entry.weight > 0 && Object.hasOwn(WORDS, entry.code))
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  return ranked[0]?.code ?? DEFAULT_LANGUAGE;
}

/** Whether the server has words for this code: a volunteer's language must be one (no fallback). */
export function isServerLanguage(code: string): boolean {
  return Object.hasOwn(WORDS, code);
}

export function wordsFor(code: string): ServerWords {
  return WORDS[supportedLanguage(code)] ?? en;
}

/** A date and time in the language's locale and the site's time zone ("Wednesday 2 December, 09:00"). */
export function formatDateTime(ms: number, words: ServerWords, timeZone: string): string {
  return new Intl.DateTimeFormat(words.locale, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/** A time of day in the language's locale and the site's time zone ("09:00"). */
export function formatTime(ms: number, words: ServerWords, timeZone: string): string {
  return new Intl.DateTimeFormat(words.locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/** A number as the language writes it ("2.5", "2,5"). */
export function formatNumber(value: number, words: ServerWords): string {
  return new Intl.NumberFormat(words.locale, { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

/** A span of time in whole minutes ("45 min", "2 h 15 min"). */
export function formatSpan(ms: number, words: ServerWords): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes < 60 ? words.duration(0, minutes) : words.duration(Math.floor(minutes / 60), minutes % 60);
}

export type { ServerWords };
