import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  acceptFormBodies,
  escapeText,
  FormBodySchema,
  type Page,
  type PageTone,
  sendPageOr,
} from '../../api/htmlPages';
import { signedLinkPage, signedLinkValues, TokenParams } from '../../api/routeKit';
import type { Alert } from '../../domain/alerts/types';
import { alertSummary } from '../../domain/alerts/words';
import { AppError } from '../../errors';
import { DEFAULT_LANGUAGE, type ServerWords, wordsFor } from '../../i18n';
import { browserWords, volunteerRefusalPage } from '../notifications/volunteerRefusal';
import { ACK_PURPOSE } from './alertNotices';
import type { AlertRouteOptions } from './alertRoutes';

/**
 * The acknowledge link in a notice: GET shows a page (scanners open links), POST acts. The page is
 * in the holder's language; a link that names nobody, in the browser's (Accept-Language).
 */
export const alertAckRoutes: FastifyPluginAsyncTypebox<AlertRouteOptions> = async (app, options) => {
  const { feature, catalog, nowMs } = options;
  acceptFormBodies(app);
  const alertNotFound = (id: string) => new AppError('ALERT_NOT_FOUND', id);

  const linkHolder = (token: string) => {
    const [alertId, volunteerId] = signedLinkValues(feature.notifications.links, token, ACK_PURPOSE, nowMs());
    const alert = alertId ? feature.alert(alertId) : null;
    if (!alert || !volunteerId) throw alertNotFound(alertId ?? '');
    const volunteer = feature.notifications.volunteers.get(volunteerId);
    // The page speaks the holder's language; a holder since removed falls back to English.
    const words = wordsFor(volunteer?.language ?? DEFAULT_LANGUAGE);
    return { alert, volunteerName: volunteer?.name ?? volunteerId, words };
  };
  /** A link that names no volunteer (broken, expired, the alert gone): the browser's language. */
  const refusal =
    (words: ServerWords) =>
    (err: unknown): Page =>
      volunteerRefusalPage(words, err, words.alerts.ackPage.nothingToAcknowledge);
  const page = (words: ServerWords, status: number, title: string, tone: PageTone, html: string): Page => ({
    status,
    title,
    tone,
    lang: words.locale,
    html,
  });
  const describe = (alert: Alert, words: ServerWords) =>
    alertSummary(
      alert,
      catalog.definition(alert.fridgeId)?.name ?? alert.fridgeId,
      feature.settings(alert.fridgeId).profile,
      nowMs(),
      words,
    );

  app.get(
    '/alerts/ack/:token',
    signedLinkPage({ summary: 'The link in an alert notice: a page to acknowledge it', params: TokenParams }),
    async (request, reply) =>
      sendPageOr(
        reply,
        () => {
          const { alert, volunteerName, words } = linkHolder(request.params.token);
          const t = words.alerts.ackPage;
          if (alert.status === 'resolved')
            return page(
              words,
              200,
              t.resolvedTitle,
              'ok',
              `<p>${escapeText(t.resolvedByItself(describe(alert, words)))}</p>`,
            );
          if (alert.status === 'acknowledged')
            return page(
              words,
              200,
              t.onItTitle,
              'ok',
              `<p>${escapeText(describe(alert, words))}.</p><p>${escapeText(t.acknowledgedIt(alert.acknowledgement?.by ?? null))}</p>`,
            );
          return page(
            words,
            200,
            describe(alert, words),
            alert.severity === 'critical' ? 'bad' : 'warn',
            `<p>${t.explainHtml(escapeText(volunteerName))}</p>
<form method="post"><label>${escapeText(t.noteLabel)}<br>
<input name="note" maxlength="500" size="40"></label><button type="submit">${escapeText(t.button)}</button></form>`,
          );
        },
        refusal(browserWords(request)),
      ),
  );

  app.post(
    '/alerts/ack/:token',
    signedLinkPage({
      summary: 'The button of the acknowledge page',
      params: TokenParams,
      body: FormBodySchema,
    }),
    async (request, reply) =>
      sendPageOr(
        reply,
        () => {
          const holder = linkHolder(request.params.token);
          const { words } = holder;
          const t = words.alerts.ackPage;
          const note = (request.body.note ?? '').trim().slice(0, 500);
          const result = feature.acknowledge(
            holder.alert.id,
            holder.volunteerName,
            note === '' ? null : note,
          );
          if (!result.ok)
            return page(
              words,
              409,
              t.resolvedTitle,
              'ok',
              `<p>${escapeText(t.resolvedByItself(describe(holder.alert, words)))}</p>`,
            );
          return page(
            words,
            200,
            t.thanksTitle,
            'ok',
            `<p>${escapeText(describe(result.alert, words))}.</p><p>${escapeText(t.acknowledgedBy(holder.volunteerName))}</p>`,
          );
        },
        refusal(browserWords(request)),
      ),
  );
};
