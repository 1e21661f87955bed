import type { StockLevel } from '../../../contract/api';
import { escapeHtml, type Page, refusalPage } from '../../api/htmlPages';
import type { AlertType } from '../../domain/alerts/types';
import { AppError } from '../../errors';
import type { ServerWords } from '../../i18n';
import type { NoticeContent, NoticeLink } from '../notifications/render';

/** The e-mails and pages of following a fridge, in the follower's language: words only, no I/O. */

export function confirmationContent(
  words: ServerWords,
  fridgeName: string,
  confirmUrl: string,
  live: NoticeLink,
  ttlHours: number,
  lapsesAt: string,
): NoticeContent {
  const t = words.confirmMail;
  return {
    title: t.title(fridgeName),
    paragraphs: [t.asked(fridgeName), t.lapses(ttlHours, lapsesAt)],
    action: { label: t.action, url: confirmUrl },
    links: [live],
  };
}

/** What the fridge holds now, when the scales know: its level and, if weighed, its kilograms. */
export interface StockNow {
  level: StockLevel;
  kg: number | null;
}

export function restockedContent(
  words: ServerWords,
  fridgeName: string,
  stock: StockNow | null,
  live: NoticeLink,
): NoticeContent {
  const t = words.restocked;
  const kg =
    stock?.kg == null
      ? null
      : new Intl.NumberFormat(words.locale, { maximumFractionDigits: 0 }).format(stock.kg);
  return {
    title: t.title(fridgeName),
    paragraphs: [stock ? t.now(words.level[stock.level], kg) : t.foodAgain, t.share],
    action: null,
    links: [live],
  };
}

export function safeAgainContent(
  words: ServerWords,
  fridgeName: string,
  alertType: AlertType | null,
  live: NoticeLink,
): NoticeContent {
  const t = words.safeAgain;
  const what =
    alertType === 'tooWarm' || alertType === 'tooCold' || alertType === 'doorAjar' ? t[alertType] : t.other;
  return {
    title: t.title(fridgeName),
    paragraphs: [`${what} ${t.over}`],
    action: null,
    links: [live],
  };
}

const button = (action: string, label: string) =>
  `<form method="post" action="${escapeHtml(action)}"><button type="submit" class="big">${escapeHtml(label)}</button></form>`;

/**
 * Opening a link changes nothing: mail scanners and link previewers open every link first, so
 * confirming and unsubscribing are one-button form POSTs (as the claim page does).
 */
export function confirmPage(words: ServerWords, fridgeName: string, action: string): Page {
  const t = words.pages;
  return {
    status: 200,
    title: t.confirmTitle(fridgeName),
    tone: 'ok',
    lang: words.locale,
    html: `<p>${t.confirmHtml(escapeHtml(fridgeName))}</p>${button(action, t.confirmButton)}`,
  };
}

export function confirmedPage(words: ServerWords, fridgeName: string): Page {
  const t = words.pages;
  return {
    status: 200,
    title: t.confirmedTitle(fridgeName),
    tone: 'ok',
    lang: words.locale,
    html: `<p>${t.confirmedHtml(escapeHtml(fridgeName))}</p>`,
  };
}

export function unsubscribePage(words: ServerWords, fridgeName: string, action: string): Page {
  const t = words.pages;
  return {
    status: 200,
    title: t.unsubscribeTitle(fridgeName),
    tone: 'warn',
    lang: words.locale,
    html: `<p>${escapeHtml(t.unsubscribeText)}</p>${button(action, t.unsubscribeButton)}`,
  };
}

export function unsubscribedPage(words: ServerWords, fridgeName: string | null): Page {
  const t = words.pages;
  return {
    status: 200,
    title: t.unsubscribedTitle,
    tone: 'ok',
    lang: words.locale,
    html: `<p>${t.unsubscribedHtml(fridgeName === null ? null : escapeHtml(fridgeName))}</p>`,
  };
}

/**
 * A follow link that cannot be followed (tampered, cut short, expired), in the reader's language;
 * any other named error gets the English refusal page, anything else goes to the error handler.
 */
export function followRefusalPage(words: ServerWords, err: unknown, otherTitle: string): Page {
  if (!(err instanceof AppError) || (err.code !== 'TOKEN_EXPIRED' && err.code !== 'TOKEN_INVALID'))
    return refusalPage(err, otherTitle, true);
  const t = words.refusal;
  const expired = err.code === 'TOKEN_EXPIRED';
  return {
    status: err.statusCode,
    title: expired ? t.expiredTitle : t.invalidTitle,
    tone: 'bad',
    lang: words.locale,
    html: `<p>${escapeHtml(expired ? t.expiredText : t.invalidText)}</p><p>${escapeHtml(t.nothingChanged)}</p>`,
  };
}
