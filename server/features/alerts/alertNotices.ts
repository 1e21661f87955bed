import type { AlertProfile } from '../../domain/alerts/config';
import type { AlertEffect } from '../../domain/alerts/types';
import { alertAdvice, alertSummary, formatCelsius, formatLasted } from '../../domain/alerts/words';
import type { Volunteer } from '../../domain/notifications/types';
import { DEFAULT_LANGUAGE, formatTime, type ServerWords, wordsFor } from '../../i18n';
import type { NoticeDraft } from '../notifications/notificationService';
import type { NoticeContent, NoticeLink } from '../notifications/render';
import type { SignedLinks } from '../notifications/signedLinks';

/** Token purpose of acknowledge links; the values are the alert id and the volunteer id. */
export const ACK_PURPOSE = 'a';

export interface AlertNoticeDeps {
  fridgeName: string;
  address: string | null;
  profile: AlertProfile;
  links: SignedLinks;
  timeZone: string;
  ackLinkTtlMs: number;
  /** `alerts.escalateAfterMs`: said in a widened notice ("nobody has acknowledged it for 30 min"). */
  escalateAfterMs: number;
  nowMs: number;
}

export function ackToken(
  links: SignedLinks,
  alertId: string,
  volunteerId: string,
  expiresAtMs: number,
): string {
  return links.sign(ACK_PURPOSE, [alertId, volunteerId], expiresAtMs);
}

/**
 * The notice for one change of an alert, or null for a change nobody needs to hear
 * (an acknowledgement is published, not sent). Critical alerts go through quiet hours. Each
 * volunteer reads it in their own language, times in the site's zone; the notice's own title, for
 * the organisers' delivery log, stays in English.
 */
export function alertNotice(
  effect: AlertEffect,
  volunteerIds: readonly string[],
  deps: AlertNoticeDeps,
): NoticeDraft | null {
  const { alert, change } = effect;
  const critical = alert.severity === 'critical';
  const expiresAtMs = deps.nowMs + deps.ackLinkTtlMs;
  const ackUrl = (volunteerId: string) =>
    deps.links.url(`/alerts/ack/${ackToken(deps.links, alert.id, volunteerId, expiresAtMs)}`);

  /** The notice in one language: its title, and what it says below the title. */
  const wordedIn = (words: ServerWords): { title: string; paragraphs: string[] } => {
    const t = words.alerts.notice;
    const summary = alertSummary(alert, deps.fridgeName, deps.profile, deps.nowMs, words);
    const at = (ms: number) => formatTime(ms, words, deps.timeZone);
    const address = deps.address ? [t.address(deps.address)] : [];
    const advice = alertAdvice(alert.type, deps.profile, critical, words);
    switch (change) {
      // An acknowledgement is never sent (below); its case is here only for the switch to be whole.
      case 'acknowledged':
      case 'raised':
        return { title: summary, paragraphs: [t.since(at(alert.startedAtMs)), ...address, advice] };
      case 'escalated':
        return { title: summary, paragraphs: [t.nowCritical(at(alert.startedAtMs)), ...address, advice] };
      case 'widened':
        return {
          title: summary,
          paragraphs: [
            t.widened(at(alert.startedAtMs), formatLasted(deps.escalateAfterMs, words)),
            ...address,
            advice,
          ],
        };
      case 'reminder':
        return {
          title: t.still(summary),
          paragraphs: [alert.type === 'lowBattery' ? t.dailyReminder : t.reminder, ...address, advice],
        };
      case 'resolved': {
        const endMs = alert.clearedAtMs ?? deps.nowMs;
        const peak = alert.peakCelsius === null ? null : formatCelsius(alert.peakCelsius, words);
        const note = alert.acknowledgement?.note;
        return {
          title: t.resolvedTitle(summary),
          paragraphs: [
            t.lasted(formatLasted(endMs - alert.startedAtMs, words), at(alert.startedAtMs), at(endMs), peak),
            ...(note ? [t.actionNoted(note)] : []),
          ],
        };
      }
    }
  };
  // Published on the bus and MQTT, not sent: whoever acknowledged knows.
  if (change === 'acknowledged') return null;
  const content = (volunteer: Volunteer): NoticeContent => {
    const words = wordsFor(volunteer.language);
    const { title, paragraphs } = wordedIn(words);
    const liveStatus: NoticeLink = {
      label: words.liveStatus,
      url: deps.links.url(`/fridges/${alert.fridgeId}`),
    };
    return {
      title,
      paragraphs,
      action:
        change === 'resolved' ? null : { label: words.alerts.notice.acknowledge, url: ackUrl(volunteer.id) },
      links: [liveStatus],
    };
  };
  return {
    kind: `${alert.category}.${alert.type}.${change}`,
    category: alert.category,
    critical: critical && change !== 'resolved',
    fridgeId: alert.fridgeId,
    subjectId: alert.id,
    title: wordedIn(wordsFor(DEFAULT_LANGUAGE)).title,
    volunteerIds,
    contentFor: content,
  };
}
