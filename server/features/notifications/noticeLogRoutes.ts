import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Slug } from '../../../contract/api';
import { NoticeSchema, type NoticeView } from '../../../contract/restock';
import { organiserRoute } from '../../api/routeKit';
import { isoTime } from '../../clock';
import { AppError } from '../../errors';
import type { NoticeRecord } from '../../storage/outboxRepository';
import type { NotificationRouteOptions } from './routeOptions';

const NoticeIdParams = Type.Object({ id: Type.String({ pattern: '^n-[0-9a-f]{16}$' }) });
const LimitQuery = Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'at most this many (1-1000)' });

/** The delivery log: every notice sent, its deliveries and their attempts (organisers). */
export const noticeLogRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (app, options) => {
  const { service } = options;

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
    organiserRoute({
      summary: 'Notices sent, newest first, each with its delivery log (organisers)',
      querystring: Type.Object(
        {
          fridge: Type.Optional(Slug),
          subject: Type.Optional(Type.String({ maxLength: 100, description: 'a restock request id' })),
          limit: Type.Optional(LimitQuery),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Array(NoticeSchema) },
    }),
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
    organiserRoute({
      summary: 'One notice with every delivery and attempt (organisers)',
      params: NoticeIdParams,
      response: { 200: NoticeSchema },
    }),
    async (request) => {
      const notice = service.outbox.notice(request.params.id);
      if (!notice) throw new AppError('NOTICE_NOT_FOUND', request.params.id);
      return noticeView(notice);
    },
  );
};
