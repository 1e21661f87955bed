import { escapeHtml, type Page } from '../../api/htmlPages';
import type { NoticeContent, NoticeLink } from '../notifications/render';

/** The e-mails and pages of following a fridge: words only, no I/O. */

export function confirmationContent(
  fridgeName: string,
  confirmUrl: string,
  live: NoticeLink,
  ttlHours: number,
): NoticeContent {
  return {
    title: `Confirm: news of ${fridgeName}`,
    paragraphs: [
      `Someone, hopefully you, asked to hear by e-mail when ${fridgeName} is restocked or safe again.`,
      `Nothing is sent until you confirm. If it was not you, ignore this e-mail: the request lapses in ${ttlHours} h and the address is forgotten.`,
    ],
    action: { label: 'Confirm', url: confirmUrl },
    links: [live],
  };
}

export function restockedContent(fridgeName: string, stock: string | null, live: NoticeLink): NoticeContent {
  return {
    title: `${fridgeName} has been restocked`,
    paragraphs: [
      stock ? `Now: ${stock}.` : 'There is food in it again.',
      'Take what you need; share what you can.',
    ],
    action: null,
    links: [live],
  };
}

export function safeAgainContent(fridgeName: string, what: string, live: NoticeLink): NoticeContent {
  return {
    title: `${fridgeName} is safe again`,
    paragraphs: [`${what} The food-safety alert is over.`],
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
export function confirmPage(fridgeName: string, action: string): Page {
  return {
    status: 200,
    title: `Follow ${fridgeName}`,
    tone: 'ok',
    html: `<p>You will get an e-mail when <strong>${escapeHtml(fridgeName)}</strong> is restocked or safe again, at most one every few hours. Every e-mail has a link to stop them.</p>${button(action, 'Yes, send me these e-mails')}`,
  };
}

export function confirmedPage(fridgeName: string): Page {
  return {
    status: 200,
    title: `You follow ${fridgeName}`,
    tone: 'ok',
    html: `<p>You will hear when <strong>${escapeHtml(fridgeName)}</strong> is restocked or safe again. Each e-mail has a link to stop them.</p>`,
  };
}

export function unsubscribePage(fridgeName: string, action: string): Page {
  return {
    status: 200,
    title: `Stop e-mails about ${fridgeName}`,
    tone: 'warn',
    html: `<p>Your address is forgotten at once; you can follow again any time.</p>${button(action, 'Stop these e-mails')}`,
  };
}

export function unsubscribedPage(fridgeName: string | null): Page {
  return {
    status: 200,
    title: 'No more e-mails',
    tone: 'ok',
    html: `<p>You will get no more e-mails${fridgeName ? ` about <strong>${escapeHtml(fridgeName)}</strong>` : ''}, and your address is forgotten.</p>`,
  };
}
