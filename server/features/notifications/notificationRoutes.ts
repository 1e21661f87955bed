import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { ApiErrorSchema, Slug } from '../../../contract/api';
import {
  CreateVolunteerBodySchema,
  NoticeSchema,
  type NoticeView,
  PreferencesSchema,
  UpdatePreferencesBodySchema,
  UpdateVolunteerBodySchema,
  VolunteerSchema,
} from '../../../contract/restock';
import { isoTime } from '../../clock';
import type { Volunteer } from '../../domain/notifications/types';
import { CLOCK_TIME_PATTERN, type DailyWindow } from '../../domain/timeOfDay';
import { AppError } from '../../errors';
import type { NoticeRecord } from '../../storage/outboxRepository';
import { acceptFormBodies } from './formBody';
import { escapeHtml, PAGE_HEADERS, type PageTone, renderPage } from './html';
import { type NotificationService, PREFERENCES_PURPOSE } from './notificationService';
import { preferencesPage } from './preferencesPage';
import { TOKEN_MAX_LENGTH, tokenError } from './tokens';
import { type VolunteerDirectory, volunteerView } from './volunteerDirectory';

export interface NotificationRouteOptions {
  service: NotificationService;
  directory: VolunteerDirectory;
  fridgeName: (id: string) => string | null;
  nowMs: () => number;
}

const errors = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
  404: ApiErrorSchema,
  409: ApiErrorSchema,
  410: ApiErrorSchema,
};
const IdParams = Type.Object({ id: Slug });
const NoticeIdParams = Type.Object({ id: Type.String({ pattern: '^n-[0-9a-f]{16}$' }) });
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: TOKEN_MAX_LENGTH }) });
const LimitQuery = Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'at most this many (1-1000)' });
const FormBody = Type.Record(Type.String(), Type.String());
const clockTime = new RegExp(CLOCK_TIME_PATTERN);

/** Volunteers (organisers), the delivery log (organisers), and each volunteer's own preferences link. */
export const notificationRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (
  app,
  options,
) => {
  const { service, directory, fridgeName, nowMs } = options;
  acceptFormBodies(app);

  app.get(
    '/api/volunteers',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Every volunteer and organiser who receives notices (organisers)',
        response: { 200: Type.Array(VolunteerSchema), 401: ApiErrorSchema },
      },
    },
    async () => service.volunteers.list().map(volunteerView),
  );

  app.post(
    '/api/volunteers',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Add a volunteer: channels, fridges, quiet hours, notices (organisers)',
        body: CreateVolunteerBodySchema,
        response: { 201: VolunteerSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(volunteerView(directory.create(request.body))),
  );

  app.get(
    '/api/volunteers/:id',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'One volunteer (organisers)',
        params: IdParams,
        response: { 200: VolunteerSchema, ...errors },
      },
    },
    async (request) => volunteerView(directory.get(request.params.id)),
  );

  app.patch(
    '/api/volunteers/:id',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Change a volunteer (organisers); an unsubscribe stays until they undo it themselves',
        params: IdParams,
        body: UpdateVolunteerBodySchema,
        response: { 200: VolunteerSchema, ...errors },
      },
    },
    async (request) => volunteerView(directory.update(request.params.id, request.body)),
  );

  app.post(
    '/api/volunteers/:id/revoke-links',
    {
      config: { access: 'organiser' },
      schema: {
        summary:
          'Kill every claim and preferences link a volunteer holds (a lost phone, a forwarded mail); new notices carry new links (organisers)',
        params: IdParams,
        response: { 200: VolunteerSchema, ...errors },
      },
    },
    async (request) => volunteerView(directory.revokeLinks(request.params.id)),
  );

  app.delete(
    '/api/volunteers/:id',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Remove a volunteer (organisers)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      directory.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/volunteers/:id/test-notice',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Send a test notice on every channel of a volunteer, to check the settings (organisers)',
        params: IdParams,
        response: { 202: Type.Object({ noticeId: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const volunteer = directory.get(request.params.id);
      const noticeId = service.enqueue({
        kind: 'test',
        category: 'deviceHealth',
        // A test must arrive now, whatever their choices and quiet hours: it checks the channels.
        critical: true,
        ignoreChoices: true,
        fridgeId: null,
        subjectId: volunteer.id,
        title: 'Test notice from the community fridge monitor',
        volunteerIds: [volunteer.id],
        contentFor: () => ({
          title: 'Test notice from the community fridge monitor',
          paragraphs: [`Hello ${volunteer.name}, this is a test: notices reach you here.`],
          action: null,
          links: [],
        }),
      });
      return reply.code(202).send({ noticeId });
    },
  );

  const noticeView = (notice: NoticeRecord): NoticeView => {
    const names = new Map<string, string | null>();
    const nameOf = (id: string | null) => {
      if (id === null) return null;
      if (!names.has(id)) names.set(id, service.volunteers.get(id)?.name ?? null);
      return names.get(id) ?? null;
    };
    return {
      id: notice.id,
      kind: notice.kind,
      category: notice.category,
      critical: notice.critical,
      fridgeId: notice.fridgeId,
      subjectId: notice.subjectId,
      title: notice.title,
      createdAt: isoTime(notice.createdAtMs) ?? '',
      deliveries: service.outbox.deliveriesOf(notice.id).map((d) => ({
        id: d.id,
        volunteerId: d.volunteerId,
        volunteerName: nameOf(d.volunteerId),
        channel: d.channel,
        address: d.address,
        idempotencyKey: d.idempotencyKey,
        status: d.status,
        attempts: d.attempts,
        heldUntil: isoTime(d.heldUntilMs),
        nextAttemptAt: d.status === 'pending' ? isoTime(d.nextAttemptAtMs) : null,
        sentAt: isoTime(d.sentAtMs),
        lastError: d.lastError,
        log: service.outbox
          .attemptsOf(d.id)
          .map((a) => ({ at: isoTime(a.atMs) ?? '', ok: a.ok, detail: a.detail })),
      })),
    };
  };

  app.get(
    '/api/notices',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Notices sent, newest first, each with its delivery log (organisers)',
        querystring: Type.Object(
          {
            fridge: Type.Optional(Slug),
            subject: Type.Optional(Type.String({ maxLength: 100, description: 'a restock request id' })),
            limit: Type.Optional(LimitQuery),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(NoticeSchema), ...errors },
      },
    },
    async (request) =>
      service.outbox
        .notices({
          fridgeId: request.query.fridge,
          subjectId: request.query.subject,
          limit: Number(request.query.limit ?? 100),
        })
        .map(noticeView),
  );

  app.get(
    '/api/notices/:id',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'One notice with every delivery and attempt (organisers)',
        params: NoticeIdParams,
        response: { 200: NoticeSchema, ...errors },
      },
    },
    async (request) => {
      const notice = service.outbox.notice(request.params.id);
      if (!notice) throw new AppError('NOTICE_NOT_FOUND', request.params.id);
      return noticeView(notice);
    },
  );

  // --- A volunteer's own link: no account, the signed token is the permission. ---

  const volunteerOfToken = (token: string): Volunteer => {
    const check = service.links.verify(token, PREFERENCES_PURPOSE, nowMs());
    if (!check.ok) throw tokenError(check);
    return directory.get(check.payload.values[0] ?? '');
  };
  const preferencesView = (volunteer: Volunteer) => ({
    name: volunteer.name,
    notices: volunteer.notices,
    quietHours: volunteer.quietHours,
    unsubscribed: volunteer.unsubscribedAtMs !== null,
    fridges: volunteer.fridgeIds.map((id) => ({ id, name: fridgeName(id) ?? id })),
  });

  app.get(
    '/api/preferences/:token',
    {
      config: { access: 'signedLink' },
      schema: {
        summary: "A volunteer's own notice preferences, through their signed link (no account)",
        params: TokenParams,
        response: { 200: PreferencesSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return preferencesView(volunteerOfToken(request.params.token));
    },
  );

  app.patch(
    '/api/preferences/:token',
    {
      config: { access: 'signedLink' },
      schema: {
        summary: 'Change which notices arrive, quiet hours, or unsubscribe, through the signed link',
        params: TokenParams,
        body: UpdatePreferencesBodySchema,
        response: { 200: PreferencesSchema, ...errors },
      },
    },
    async (request) => {
      const volunteer = volunteerOfToken(request.params.token);
      return preferencesView(directory.updatePreferences(volunteer.id, request.body));
    },
  );

  const sendPage = (reply: FastifyReply, status: number, title: string, tone: PageTone, html: string) =>
    reply
      .code(status)
      .headers(PAGE_HEADERS)
      .send(renderPage(title, tone, html));
  const sendErrorPage = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof AppError)) throw err;
    const title = err.code === 'TOKEN_EXPIRED' ? 'This link has expired' : 'This link does not work';
    return sendPage(
      reply,
      err.statusCode,
      title,
      'bad',
      `<p>${escapeHtml(err.message)}</p><p>Nothing was changed.</p>`,
    );
  };
  const preferencesResponse = (
    reply: FastifyReply,
    volunteer: Volunteer,
    token: string,
    message: { tone: PageTone; text: string } | null,
    status = 200,
  ) => {
    const names = volunteer.fridgeIds.map((id) => fridgeName(id) ?? id);
    const page = preferencesPage(volunteer, names, token, message);
    return sendPage(reply, status, page.title, page.tone, page.html);
  };

  app.get(
    '/preferences/:token',
    {
      config: { access: 'signedLink' },
      schema: { summary: 'The preferences page behind the link in every notice', params: TokenParams },
    },
    async (request, reply) => {
      try {
        return preferencesResponse(reply, volunteerOfToken(request.params.token), request.params.token, null);
      } catch (err) {
        return sendErrorPage(reply, err);
      }
    },
  );

  app.post(
    '/preferences/:token',
    {
      config: { access: 'signedLink' },
      schema: { summary: 'Saves the preferences form', params: TokenParams, body: FormBody },
    },
    async (request, reply) => {
      const { token } = request.params;
      let volunteer: Volunteer;
      try {
        volunteer = volunteerOfToken(token);
      } catch (err) {
        return sendErrorPage(reply, err);
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
    {
      config: { access: 'signedLink' },
      schema: {
        summary: 'Asks to confirm unsubscribing (a link preview must not unsubscribe)',
        params: TokenParams,
      },
    },
    async (request, reply) => {
      try {
        const volunteer = volunteerOfToken(request.params.token);
        const action = escapeHtml(`/preferences/${encodeURIComponent(request.params.token)}/unsubscribe`);
        return sendPage(
          reply,
          200,
          'Unsubscribe?',
          'warn',
          `<p>${escapeHtml(volunteer.name)}, no more notices of any kind will reach you.</p>
<form method="post" action="${action}"><button type="submit">Unsubscribe</button></form>`,
        );
      } catch (err) {
        return sendErrorPage(reply, err);
      }
    },
  );

  app.post(
    '/preferences/:token/unsubscribe',
    {
      config: { access: 'signedLink' },
      schema: {
        summary: 'Unsubscribes from everything: the form button, or a mail client one-click POST (RFC 8058)',
        params: TokenParams,
      },
    },
    async (request, reply) => {
      try {
        const volunteer = volunteerOfToken(request.params.token);
        const saved = directory.updatePreferences(volunteer.id, { subscribed: false });
        return preferencesResponse(reply, saved, request.params.token, {
          tone: 'ok',
          text: 'Done: you will get no more notices.',
        });
      } catch (err) {
        return sendErrorPage(reply, err);
      }
    },
  );
};
