import type { FastifyRequest } from 'fastify';
import { escapeText, type Page } from '../../api/htmlPages';
import { AppError } from '../../errors';
import { acceptedLanguage, type ServerWords, wordsFor } from '../../i18n';

/**
 * A volunteer's link (claim, needs, preferences) that cannot be followed. A broken or expired link
 * names no volunteer we can trust, so its page is in the language the browser asks for
 * (Accept-Language), as the follow pages do. Other named errors (the request or volunteer gone)
 * keep their catalogue message, which is English, under a title in that language; anything else
 * goes on to the error handler.
 */
export function volunteerRefusalPage(words: ServerWords, err: unknown, otherTitle: string): Page {
  if (!(err instanceof AppError)) throw err;
  const text =
    err.code === 'TOKEN_EXPIRED'
      ? words.volunteer.refusal.expiredText
      : err.code === 'TOKEN_INVALID'
        ? words.refusal.invalidText
        : `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  return {
    status: err.statusCode,
    title:
      err.code === 'TOKEN_EXPIRED'
        ? words.refusal.expiredTitle
        : err.code === 'TOKEN_INVALID'
          ? words.refusal.invalidTitle
          : otherTitle,
    tone: 'bad',
    lang: words.locale,
    html: `<p>${escapeText(text)}</p><p>${escapeText(words.refusal.nothingChanged)}</p>`,
  };
}

/** The words of the browser's language, for a page whose reader is not known. */
export const browserWords = (request: FastifyRequest): ServerWords =>
  wordsFor(acceptedLanguage(request.headers['accept-language']));

/** A form's own refusal (a bad ETA, a note too long) in the holder's language: 400, nothing changed. */
export function badFormPage(words: ServerWords, title: string, text: string): Page {
  return {
    status: 400,
    title,
    tone: 'bad',
    lang: words.locale,
    html: `<p>${escapeText(text)}</p><p>${escapeText(words.refusal.nothingChanged)}</p>`,
  };
}
