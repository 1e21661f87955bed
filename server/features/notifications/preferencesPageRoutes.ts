import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { escapeHtml, FormBodySchema, type PageTone, refusalPage, sendPage } from '../../api/htmlPages';
import { signedLinkPage, TokenParams } from '../../api/routeKit';
import type { Volunteer } from '../../domain/notifications/types';
import { CLOCK_TIME_PATTERN, type DailyWindow } from '../../domain/timeOfDay';
import { preferencesPage } from './preferencesPage';
import { type NotificationRouteOptions, preferencesHolder } from './routeOptions';

const clockTime = new RegExp(CLOCK_TIME_PATTERN);

/** The preferences page behind the link in every notice: HTML forms, no script. */
export const preferencesPageRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (
  app,
  options,
) => {
  const { directory, fridgeName } = options;
  const errorPage = (err: unknown) => refusalPage(err, 'This link does not work', false);
  const preferencesResponse = (
    reply: FastifyReply,
    volunteer: Volunteer,
    token: string,
    message: { tone: PageTone; text: string } | null,
    status = 200,
  ) => {
    const names = volunteer.fridgeIds.map((id) => fridgeName(id) ?? id);
    return sendPage(reply, { status, ...preferencesPage(volunteer, names, token, message) });
  };

  app.get(
    '/preferences/:token',
    signedLinkPage({ summary: 'The preferences page behind the link in every notice', params: TokenParams }),
    async (request, reply) => {
      try {
        const { token } = request.params;
        return preferencesResponse(reply, preferencesHolder(options, token), token, null);
      } catch (err) {
        return sendPage(reply, errorPage(err));
      }
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
        return sendPage(reply, errorPage(err));
      }
      const form = request.body;
      if (form.subscribed === '1') {
        const back = directory.updatePreferences(volunteer.id, { subscribed: true });
        return preferencesResponse(reply, back, token, {
          tone: 'ok',
          text: 'Welcome back: notices reach you again.',
        });
      }
      const from = form.quietFrom ?? '';
      const to = form.quietTo ?? '';
      let quietHours: DailyWindow | null = null;
      if (from !== '' || to !== '') {
        if (!clockTime.test(from) || !clockTime.test(to)) {
          return preferencesResponse(
            reply,
            volunteer,
            token,
            { tone: 'bad', text: 'Quiet hours need both times (HH:MM), or neither. Nothing was saved.' },
            400,
          );
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
      });
      return preferencesResponse(reply, saved, token, { tone: 'ok', text: 'Saved.' });
    },
  );

  app.get(
    '/preferences/:token/unsubscribe',
    signedLinkPage({
      summary: 'Asks to confirm unsubscribing (a link preview must not unsubscribe)',
      params: TokenParams,
    }),
    async (request, reply) => {
      try {
        const volunteer = preferencesHolder(options, request.params.token);
        const action = escapeHtml(`/preferences/${encodeURIComponent(request.params.token)}/unsubscribe`);
        return sendPage(reply, {
          status: 200,
          title: 'Unsubscribe?',
          tone: 'warn',
          html: `<p>${escapeHtml(volunteer.name)}, no more notices of any kind will reach you.</p>
<form method="post" action="${action}"><button type="submit">Unsubscribe</button></form>`,
        });
      } catch (err) {
        return sendPage(reply, errorPage(err));
      }
    },
  );

  app.post(
    '/preferences/:token/unsubscribe',
    signedLinkPage({
      summary: 'Unsubscribes from everything: the form button, or a mail client one-click POST (RFC 8058)',
      params: TokenParams,
    }),
    async (request, reply) => {
      try {
        const volunteer = preferencesHolder(options, request.params.token);
        const saved = directory.updatePreferences(volunteer.id, { subscribed: false });
        return preferencesResponse(reply, saved, request.params.token, {
          tone: 'ok',
          text: 'Done: you will get no more notices.',
        });
      } catch (err) {
        return sendPage(reply, errorPage(err));
      }
    },
  );
};
