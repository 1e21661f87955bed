import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import { AppError } from '../errors';

/**
 * The small server-rendered pages behind signed links (claim pages, preference pages): one shell,
 * one way to send a page, and one page for a link that cannot be followed.
 */

/** Escapes text for HTML content and attribute values: every user-supplied string goes through here. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escapes text for HTML element content (not attribute values): `&`, `<` and `>` are all that can
 * break out there (HTML Living Standard, 13.1.2.6), so an apostrophe in the words stays readable.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Headers for the small server-rendered pages behind signed links: no scripts, nothing cached,
 * the token never leaks through a Referer, and search engines stay away.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
});

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; max-width: 34rem; line-height: 1.5;
         color: #1d2521; background: #f7f8f5; }
  h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
  .card { background: #fff; border-radius: .75rem; padding: 1.25rem; box-shadow: 0 1px 3px #0002; }
  .ok { border-left: .4rem solid #1b6e3a; } .warn { border-left: .4rem solid #b86e00; } .bad { border-left: .4rem solid #a12622; }
  button, .button { font: inherit; padding: .7rem 1.1rem; border-radius: .5rem; border: 0; background: #1b6e3a;
         color: #fff; cursor: pointer; text-decoration: none; display: inline-block; margin: .25rem .25rem .25rem 0; }
  button.secondary { background: #e7ebe4; color: #1d2521; }
  button.big { font-size: 1.25rem; padding: 1rem 1.5rem; width: 100%; }
  form { margin: 1rem 0 0; } label { display: block; margin: .4rem 0; } .muted { color: #5b655f; font-size: .9rem; }
  input[type=time] { font: inherit; padding: .3rem; }
`;

export type PageTone = 'ok' | 'warn' | 'bad';

/** A whole page; `bodyHtml` must already be escaped (build it with `escapeHtml`). */
export function renderPage(title: string, tone: PageTone, bodyHtml: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main class="card ${tone}"><h1>${escapeHtml(title)}</h1>${bodyHtml}</main></body></html>`;
}

/** A page ready to send: its status, title, tone and escaped body. */
export interface Page {
  status: number;
  title: string;
  tone: PageTone;
  html: string;
  /** The page's language (BCP 47); English when absent. */
  lang?: string;
}

export function sendPage(reply: FastifyReply, page: Page): FastifyReply {
  return reply
    .code(page.status)
    .headers(PAGE_HEADERS)
    .send(renderPage(page.title, page.tone, page.html, page.lang));
}

/**
 * Sends the page `build` makes or, when it throws a named error (a broken link, a holder gone), the
 * page `refusal` makes of that; anything else goes on to the error handler.
 */
export function sendPageOr(
  reply: FastifyReply,
  build: () => Page,
  refusal: (err: unknown) => Page,
): FastifyReply {
  let page: Page;
  try {
    page = build();
  } catch (err) {
    page = refusal(err);
  }
  return sendPage(reply, page);
}

/**
 * The page for a refusal (an expired or tampered link, its holder or subject gone, a form the page
 * cannot take); anything but a named error is rethrown to the error handler.
 * @param otherTitle the title for refusals other than a broken link.
 * @param fullStop end the message with a full stop (the claim pages do; the preference pages never did).
 */
export function refusalPage(err: unknown, otherTitle: string, fullStop: boolean): Page {
  if (!(err instanceof AppError)) throw err;
  const title =
    err.code === 'TOKEN_EXPIRED'
      ? 'This link has expired'
      : err.code === 'TOKEN_INVALID'
        ? 'This link does not work'
        : otherTitle;
  return {
    status: err.statusCode,
    title,
    tone: 'bad',
    html: `<p>${escapeHtml(err.message)}${fullStop ? '.' : ''}</p><p>Nothing was changed.</p>`,
  };
}

/** The body of an HTML form post, a value per name. */
export const FormBodySchema = Type.Record(Type.String(), Type.String());

/** Parses an HTML form body (application/x-www-form-urlencoded) into its last value per name. */
export function parseFormBody(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/** Lets an encapsulated plugin take HTML form posts (fastify parses only JSON and text by itself). */
export function acceptFormBodies(app: FastifyInstance): void {
  if (app.hasContentTypeParser('application/x-www-form-urlencoded')) return;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8 * 1024 },
    (_request, body, done) => {
      done(null, parseFormBody(typeof body === 'string' ? body : body.toString('utf8')));
    },
  );
}
