import { escapeHtml, escapeText, type PageTone } from '../../api/htmlPages';
import type { Volunteer } from '../../domain/notifications/types';
import { languageName, SERVER_LANGUAGES, wordsFor } from '../../i18n';

const CATEGORIES = ['restock', 'foodSafety', 'deviceHealth'] as const;

/**
 * The page behind a volunteer's preferences link, in their language: what they receive, quiet
 * hours, their language (each named in itself), unsubscribe.
 */
export function preferencesPage(
  volunteer: Volunteer,
  fridgeNames: string[],
  token: string,
  message: { tone: PageTone; text: string } | null,
  /** Each fridge's "update what this fridge needs" link (needsLinks.ts), in `fridgeNames`' order. */
  needsLinks: readonly { name: string; url: string }[] = [],
): { title: string; tone: PageTone; html: string; lang: string } {
  const words = wordsFor(volunteer.language);
  const t = words.volunteer.preferences;
  const lang = words.locale;
  const action = `/preferences/${encodeURIComponent(token)}`;
  const intro = `<p>${escapeText(t.hello(volunteer.name, fridgeNames.length > 0 ? fridgeNames.join(', ') : null))}</p>`;
  const notice = message ? `<p class="${message.tone}"><strong>${escapeText(message.text)}</strong></p>` : '';
  if (volunteer.unsubscribedAtMs !== null) {
    return {
      title: t.unsubscribedTitle,
      tone: 'warn',
      lang,
      html: `${notice}${intro}<p>${escapeText(t.unsubscribedText)}</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="subscribed" value="1">
<button type="submit">${escapeText(t.subscribeAgain)}</button></form>`,
    };
  }
  const boxes = CATEGORIES.map(
    (key) =>
      `<label><input type="checkbox" name="${key}" value="on"${volunteer.notices[key] ? ' checked' : ''}> ${escapeText(
        t.category[key],
      )}</label>`,
  ).join('\n');
  const languages = SERVER_LANGUAGES.map(
    (code) =>
      `<option value="${escapeHtml(code)}" lang="${escapeHtml(code)}"${code === volunteer.language ? ' selected' : ''}>${escapeText(
        languageName(code),
      )}</option>`,
  ).join('');
  const quiet = volunteer.quietHours;
  const needs =
    needsLinks.length === 0
      ? ''
      : `\n<p>${escapeText(t.needsLinks)}</p>\n<ul>${needsLinks
          .map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeText(l.name)}</a></li>`)
          .join('')}</ul>`;
  return {
    title: t.title,
    tone: 'ok',
    lang,
    html: `${notice}${intro}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="form" value="preferences">
${boxes}
<p>${escapeText(t.quietHours)}<br>
<label>${escapeText(t.from)} <input type="time" name="quietFrom" value="${escapeHtml(quiet?.from ?? '')}"></label>
<label>${escapeText(t.to)} <input type="time" name="quietTo" value="${escapeHtml(quiet?.to ?? '')}"></label>
<span class="muted">${escapeText(t.noQuietHours)}</span></p>
<p><label>${escapeText(t.language)}<br><select name="language">${languages}</select></label></p>
<button type="submit">${escapeText(t.save)}</button>
</form>
<form method="post" action="${escapeHtml(`${action}/unsubscribe`)}">
<button type="submit" class="secondary">${escapeText(t.unsubscribeAll)}</button>
</form>${needs}`,
  };
}
