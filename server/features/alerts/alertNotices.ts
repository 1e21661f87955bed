import type { AlertProfile } from '../../domain/alerts/config';
import type { AlertEffect } from '../../domain/alerts/types';
import { alertAdvice, alertSummary, formatDuration } from '../../domain/alerts/words';
import { formatLocalTime } from '../../domain/timeOfDay';
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
 * (an acknowledgement is published, not sent). Critical alerts go through quiet hours.
 */
export function alertNotice(
  effect: AlertEffect,
  volunteerIds: readonly string[],
  deps: AlertNoticeDeps,
): NoticeDraft | null {
  const { alert, change } = effect;
  const summary = alertSummary(alert, deps.fridgeName, deps.profile, deps.nowMs);
  const critical = alert.severity === 'critical';
  const at = (ms: number) => formatLocalTime(ms, deps.timeZone);
  const liveStatus: NoticeLink = { label: 'Live status', url: deps.links.url(`/fridges/${alert.fridgeId}`) };
  const address = deps.address ? [`Address: ${deps.address}`] : [];
  const expiresAtMs = deps.nowMs + deps.ackLinkTtlMs;
  const ackLink = (volunteerId: string): NoticeLink => ({
    label: "I'm on it",
    url: deps.links.url(`/alerts/ack/${ackToken(deps.links, alert.id, volunteerId, expiresAtMs)}`),
  });

  let title: string;
  let paragraphs: string[];
  let withAction = true;
  switch (change) {
    case 'raised':
      title = summary;
      paragraphs = [
        `Since ${at(alert.startedAtMs)}.`,
        ...address,
        alertAdvice(alert.type, deps.profile, critical),
      ];
      break;
    case 'escalated':
      title = summary;
      paragraphs = [
        `It is now critical (since ${at(alert.startedAtMs)}).`,
        ...address,
        alertAdvice(alert.type, deps.profile, critical),
      ];
      break;
    case 'widened':
      title = summary;
      paragraphs = [
        `Since ${at(alert.startedAtMs)}. Nobody has acknowledged it for ${formatDuration(deps.escalateAfterMs)}, so more volunteers are asked.`,
        ...address,
        alertAdvice(alert.type, deps.profile, critical),
      ];
      break;
    case 'reminder':
      title = `Still: ${summary}`;
      paragraphs = [
        alert.type === 'lowBattery'
          ? 'A daily reminder until someone acknowledges it.'
          : 'Nobody has acknowledged it yet; it is sent again until someone does.',
        ...address,
        alertAdvice(alert.type, deps.profile, critical),
      ];
      break;
    case 'resolved':
      title = `Resolved: ${summary}`;
      withAction = false;
      paragraphs = [
        `It lasted ${formatDuration((alert.clearedAtMs ?? deps.nowMs) - alert.startedAtMs)}, from ${at(alert.startedAtMs)} to ${at(alert.clearedAtMs ?? deps.nowMs)}${
          alert.peakCelsius !== null ? `; the peak was ${alert.peakCelsius.toFixed(1)} °C` : ''
        }.`,
        ...(alert.acknowledgement?.note ? [`Action noted: ${alert.acknowledgement.note}`] : []),
      ];
      break;
    case 'acknowledged':
      // Published on the bus and MQTT, not sent: whoever acknowledged knows.
      return null;
  }
  const content = (volunteerId: string): NoticeContent => ({
    title,
    paragraphs,
    action: withAction ? ackLink(volunteerId) : null,
    links: [liveStatus],
  });
  return {
    kind: `${alert.category}.${alert.type}.${change}`,
    category: alert.category,
    critical: critical && change !== 'resolved',
    fridgeId: alert.fridgeId,
    subjectId: alert.id,
    title,
    volunteerIds,
    contentFor: (volunteer) => content(volunteer.id),
  };
}
