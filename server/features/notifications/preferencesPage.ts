import { escapeHtml, type PageTone } from '../../api/htmlPages';
import type { Volunteer } from '../../domain/notifications/types';

const CATEGORY_LABELS = {
  restock: 'Restock requests: a fridge you look after runs low',
  foodSafety: 'Food safety: a fridge is too warm (these reach you even in quiet hours)',
  deviceHealth: 'Device health: a sensor is offline or its battery is low',
} as const;

/** The page behind a volunteer's preferences link: what they receive, quiet hours, unsubscribe. */
export function preferencesPage(
  volunteer: Volunteer,
  fridgeNames: string[],
  token: string,
  message: { tone: PageTone; text: string } | null,
  /** Each fridge's "update what this fridge needs" link (needsLinks.ts), in `fridgeNames`' order. */
  needsLinks: readonly { name: string; url: string }[] = [],
): { title: string; tone: PageTone; html: string } {
  const action = `/preferences/${encodeURIComponent(token)}`;
  const intro = `<p>Hello ${escapeHtml(volunteer.name)}.${
    fridgeNames.length > 0 ? ` You look after ${escapeHtml(fridgeNames.join(', '))}.` : ''
  }</p>`;
  const notice = message ? `<p class="${message.tone}"><strong>${escapeHtml(message.text)}</strong></p>` : '';
  if (volunteer.unsubscribedAtMs !== null) {
    return {
      title: 'You are unsubscribed',
      tone: 'warn',
      html: `${notice}${intro}<p>No notices reach you. You can come back at any time.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="subscribed" value="1">
<button type="submit">Subscribe again</button></form>`,
    };
  }
  const boxes = (Object.keys(CATEGORY_LABELS) as Array<keyof typeof CATEGORY_LABELS>)
    .map(
      (key) =>
        `<label><input type="checkbox" name="${key}" value="on"${volunteer.notices[key] ? ' checked' : ''}> ${escapeHtml(
          CATEGORY_LABELS[key],
        )}</label>`,
    )
    .join('\n');
  const quiet = volunteer.quietHours;
  const needs =
    needsLinks.length === 0
      ? ''
      : `\n<p>Update what a fridge needs neighbours to bring:</p>\n<ul>${needsLinks
          .map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.name)}</a></li>`)
          .join('')}</ul>`;
  return {
    title: 'Your notices',
    tone: 'ok',
    html: `${notice}${intro}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="form" value="preferences">
${boxes}
<p>Quiet hours (only food-safety alerts get through; the rest waits until they end):<br>
<label>from <input type="time" name="quietFrom" value="${escapeHtml(quiet?.from ?? '')}"></label>
<label>to <input type="time" name="quietTo" value="${escapeHtml(quiet?.to ?? '')}"></label>
<span class="muted">Leave both empty for none.</span></p>
<button type="submit">Save</button>
</form>
<form method="post" action="${escapeHtml(`${action}/unsubscribe`)}">
<button type="submit" class="secondary">Unsubscribe from everything</button>
</form>${needs}`,
  };
}
