import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  escapeHtml,
  escapeText,
  FormBodySchema,
  type Page,
  type PageTone,
  sendPage,
  sendPageOr,
} from '../../api/htmlPages';
import { signedLinkPage, TokenParams } from '../../api/routeKit';
import type { Volunteer } from '../../domain/notifications/types';
import { CLOCK_TIME_PATTERN, type DailyWindow } from '../../domain/timeOfDay';
import { isServerLanguage, type ServerWords, wordsFor } from '../../i18n';
import { needsUrl } from './needsLinks';
import { preferencesPage } from './preferencesPage';
import { type NotificationRouteOptions, preferencesHolder } from './routeOptions';
import { browserWords, volunteerRefusalPage } from './volunteerRefusal';

const clockTime = new RegExp(CLOCK_TIME_PATTERN);

/** The preferences page behind the link in every notice: HTML forms, no script. */
export const preferencesPageRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (
  app,
  options,
) => {
  const { directory, fridgeName } = options;
  /** A link that names no volunteer (broken, expired, its holder gone): the browser's language. */
  const errorPage = (words: ServerWords) => (err: unknown) =>
    volunteerRefusalPage(words, err, words.refusal.invalidTitle);
  const textOf = (volunteer: Volunteer) => wordsFor(volunteer.language).volunteer.preferences;
  const pageOf = (
    volunteer: Volunteer,
    token: string,
    message: { tone: PageTone; text: string } | null,
    status = 200,
  ): Page => {
    const names = volunteer.fridgeIds.map((id) => fridgeName(id) ?? id);
    const expiresAtMs = options.nowMs() + options.service.preferencesLinkTtlMs;
    const needsLinks = volunteer.fridgeIds.map((id, i) => ({
      name: names[i] ?? id,
      url: needsUrl(options.service.links, id, volunteer.id, expiresAtMs),
    }));
    return { status, ...preferencesPage(volunteer, names, token, message, needsLinks) };
  };

  app.get(
    '/preferences/:token',
    signedLinkPage({ summary: 'The preferences page behind the link in every notice', params: TokenParams }),
    async (request, reply) => {
      const { token } = request.params;
      return sendPageOr(
        reply,
        () => pageOf(preferencesHolder(options, token), token, null),
        errorPage(browserWords(request)),
      );
    },
  );

  app.post(
    '/preferences/:token',
    signedLinkPage({ summary: 'Saves the preferences form', params: TokenParams, body: FormBodySchema }),
    async (request, reply) => {
      const { token } = request.params;
      let volunteer: Volunteer;
      try {
        volunteer = preferencesHolder(options, token);
      } catch (err) {
        return sendPage(reply, errorPage(browserWords(request))(err));
      }
      const form = request.body;
      if (form.subscribed === '1') {
        const back = directory.updatePreferences(volunteer.id, { subscribed: true });
        return sendPage(reply, pageOf(back, token, { tone: 'ok', text: textOf(back).welcomeBack }));
      }
      // A form from before the language choice, or a hand-made post, keeps their language.
      const language = form.language ?? volunteer.language;
      if (!isServerLanguage(language)) {
        const text = textOf(volunteer).badLanguage(language);
        return sendPage(reply, pageOf(volunteer, token, { tone: 'bad', text }, 400));
      }
      const from = form.quietFrom ?? '';
      const to = form.quietTo ?? '';
      let quietHours: DailyWindow | null = null;
      if (from !== '' || to !== '') {
        if (!clockTime.test(from) || !clockTime.test(to)) {
          const text = textOf(volunteer).badQuietHours;
          return sendPage(reply, pageOf(volunteer, token, { tone: 'bad', text }, 400));
        }
        quietHours = { from, to };
      }
      const saved = directory.updatePreferences(volunteer.id, {
        notices: {
          restock: form.restock === 'on',
          foodSafety: form.foodSafety === 'on',
          deviceHealth: form.deviceHealth === 'on',
        },
        quietHours,
        language,
      });
      // "Saved." in the language just chosen: the whole page now speaks it.
      return sendPage(reply, pageOf(saved, token, { tone: 'ok', text: textOf(saved).saved }));
    },
  );

  app.get(
    '/preferences/:token/unsubscribe',
    signedLinkPage({
      summary: 'Asks to confirm unsubscribing (a link preview must not unsubscribe)',
      params: TokenParams,
    }),
    async (request, reply) => {
      const { token } = request.params;
      const confirm = (volunteer: Volunteer): Page => {
        const t = textOf(volunteer);
        return {
          status: 200,
          title: t.unsubscribeTitle,
          tone: 'warn',
          lang: wordsFor(volunteer.language).locale,
          html: `<p>${escapeText(t.unsubscribeText(volunteer.name))}</p>
<form method="post" action="${escapeHtml(`/preferences/${encodeURIComponent(token)}/unsubscribe`)}"><button type="submit">${escapeText(t.unsubscribe)}</button></form>`,
        };
      };
      return sendPageOr(
        reply,
        () => confirm(preferencesHolder(options, token)),
        errorPage(browserWords(request)),
      );
    },
  );

  app.post(
    '/preferences/:token/unsubscribe',
    signedLinkPage({
      summary: 'Unsubscribes from everything: the form button, or a mail client one-click POST (RFC 8058)',
      params: TokenParams,
    }),
    async (request, reply) => {
      const { token } = request.params;
      const unsubscribe = () => {
        const volunteer = preferencesHolder(options, token);
        const saved = directory.updatePreferences(volunteer.id, { subscribed: false });
        return pageOf(saved, token, { tone: 'ok', text: textOf(saved).unsubscribed });
      };
      return sendPageOr(reply, unsubscribe, errorPage(browserWords(request)));
    },
  );
};
