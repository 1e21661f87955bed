import { escapeHtml } from '../../api/htmlPages';
import type { WebhookFormat } from '../../domain/notifications/types';
import type { NoticeRecord, OutgoingMessage } from '../../storage/outboxRepository';

export interface NoticeLink {
  label: string;
  url: string;
}

/** What one person reads: the same for every channel, rendered once per channel when queued. */
export interface NoticeContent {
  title: string;
  paragraphs: string[];
  /** The one thing to do (claim it); a button in e-mail, a link elsewhere. */
  action: NoticeLink | null;
  links: NoticeLink[];
}

export interface Footer {
  /** Their own preferences and unsubscribe page. */
  preferencesUrl: string;
  /** RFC 8058 one-click unsubscribe (POST). */
  unsubscribeUrl: string;
  /** The footer link's words in the reader's language; English when absent. */
  label?: string;
}

const FOOTER_LABEL = 'Change what you receive, or unsubscribe';

function plainText(content: NoticeContent, footer: Footer | null): string {
  const parts = [...content.paragraphs];
  if (content.action) parts.push(`${content.action.label}: ${content.action.url}`);
  for (const link of content.links) parts.push(`${link.label}: ${link.url}`);
  if (footer) parts.push(`-- \n${footer.label ?? FOOTER_LABEL}: ${footer.preferencesUrl}`);
  return `${parts.join('\n\n')}\n`;
}

function emailHtml(content: NoticeContent, footer: Footer): string {
  const paragraphs = content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:12px 18px;` +
      'background:#1b6e3a;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold">' +
      `${escapeHtml(content.action.label)}</a></p>`
    : '';
  const links = content.links
    .map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`)
    .join('\n');
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#1d2521">
<h1 style="font-size:18px">${escapeHtml(content.title)}</h1>
${paragraphs}
${action}
${links}
<hr style="border:0;border-top:1px solid #ddd">
<p style="font-size:12px;color:#5b655f"><a href="${escapeHtml(footer.preferencesUrl)}">${escapeHtml(footer.label ?? FOOTER_LABEL)}</a></p>
</body></html>
`;
}

export function renderEmail(to: string, content: NoticeContent, footer: Footer): OutgoingMessage {
  return {
    channel: 'email',
    to,
    subject: content.title,
    text: plainText(content, footer),
    html: emailHtml(content, footer),
    headers: {
      // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
      'List-Unsubscribe': `<${footer.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** Slack mrkdwn: only &, < and > are control characters (api.slack.com "Escaping text"). */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Discord markdown: backslash-escape its formatting characters. */
const discordEscape = (text: string) => text.replace(/([\\*_~`|>[\]])/g, '\\$1');

const DISCORD_MAX_CONTENT = 2000;

/** The body an incoming webhook of each format expects. */
export function webhookBody(
  format: WebhookFormat,
  notice: NoticeRecord,
  content: NoticeContent,
  idempotencyKey: string,
  footer: Footer | null,
): unknown {
  const links = [...(content.action ? [content.action] : []), ...content.links];
  switch (format) {
    case 'json':
      return {
        idempotencyKey,
        kind: notice.kind,
        category: notice.category,
        critical: notice.critical,
        fridgeId: notice.fridgeId,
        subjectId: notice.subjectId,
        title: content.title,
        text: content.paragraphs.join('\n\n'),
        action: content.action,
        links: content.links,
        preferencesUrl: footer?.preferencesUrl ?? null,
        createdAt: new Date(notice.createdAtMs).toISOString(),
      };
    case 'slack':
      // Incoming webhooks take `text` as mrkdwn; links are <url|label>.
      return {
        text: [
          `*${slackEscape(content.title)}*`,
          ...content.paragraphs.map(slackEscape),
          ...links.map((l) => `<${l.url}|${slackEscape(l.label)}>`),
        ].join('\n'),
      };
    case 'discord': {
      // No pings from text a volunteer or organiser typed (allowed_mentions, Discord "Execute Webhook").
      const text = [
        `**${discordEscape(content.title)}**`,
        ...content.paragraphs.map(discordEscape),
        ...links.map((l) => `[${discordEscape(l.label)}](${l.url})`),
      ].join('\n');
      return { content: text.slice(0, DISCORD_MAX_CONTENT), allowed_mentions: { parse: [] } };
    }
    case 'matrix':
      // matrix-hookshot generic webhooks: `text` (markdown) and `html`, posted as `username`.
      return {
        username: 'Fridge monitor',
        text: [
          `**${content.title}**`,
          ...content.paragraphs,
          ...links.map((l) => `${l.label}: ${l.url}`),
        ].join('\n\n'),
        html: [
          `<p><strong>${escapeHtml(content.title)}</strong></p>`,
          ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
          ...links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`),
        ].join(''),
      };
  }
}

export function renderWebhook(
  url: string,
  format: WebhookFormat,
  notice: NoticeRecord,
  content: NoticeContent,
  idempotencyKey: string,
  footer: Footer | null,
): OutgoingMessage {
  return {
    channel: 'webhook',
    url,
    body: JSON.stringify(webhookBody(format, notice, content, idempotencyKey, footer)),
  };
}

/** A webhook URL carries its secret in the path: the delivery log shows only its origin. */
export function maskWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}/…`;
  } catch {
    return 'webhook';
  }
}
