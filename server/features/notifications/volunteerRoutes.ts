import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Slug } from '../../../contract/api';
import {
  CreateVolunteerBodySchema,
  UpdateVolunteerBodySchema,
  VolunteerSchema,
} from '../../../contract/restock';
import { organiserRoute } from '../../api/routeKit';
import { wordsFor } from '../../i18n';
import type { NotificationRouteOptions } from './routeOptions';
import { volunteerView } from './volunteerDirectory';

const IdParams = Type.Object({ id: Slug });

/** Volunteers and organisers who receive notices, as organisers manage them. */
export const volunteerRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (app, options) => {
  const { service, directory } = options;

  app.get(
    '/api/volunteers',
    organiserRoute(
      {
        summary: 'Every volunteer and organiser who receives notices (organisers)',
        response: { 200: Type.Array(VolunteerSchema) },
      },
      [401],
    ),
    async () => service.volunteers.list().map(volunteerView),
  );

  app.post(
    '/api/volunteers',
    organiserRoute({
      summary: 'Add a volunteer: channels, fridges, quiet hours, notices (organisers)',
      body: CreateVolunteerBodySchema,
      response: { 201: VolunteerSchema },
    }),
    async (request, reply) => reply.code(201).send(volunteerView(directory.create(request.body))),
  );

  app.get(
    '/api/volunteers/:id',
    organiserRoute({
      summary: 'One volunteer (organisers)',
      params: IdParams,
      response: { 200: VolunteerSchema },
    }),
    async (request) => volunteerView(directory.get(request.params.id)),
  );

  app.patch(
    '/api/volunteers/:id',
    organiserRoute({
      summary: 'Change a volunteer (organisers); an unsubscribe stays until they undo it themselves',
      params: IdParams,
      body: UpdateVolunteerBodySchema,
      response: { 200: VolunteerSchema },
    }),
    async (request) => volunteerView(directory.update(request.params.id, request.body)),
  );

  app.post(
    '/api/volunteers/:id/revoke-links',
    organiserRoute({
      summary:
        'Kill every claim and preferences link a volunteer holds (a lost phone, a forwarded mail); new notices carry new links (organisers)',
      params: IdParams,
      response: { 200: VolunteerSchema },
    }),
    async (request) => volunteerView(directory.revokeLinks(request.params.id)),
  );

  app.delete(
    '/api/volunteers/:id',
    organiserRoute({
      summary: 'Remove a volunteer (organisers)',
      params: IdParams,
      response: { 204: Type.Null() },
    }),
    async (request, reply) => {
      directory.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/volunteers/:id/test-notice',
    organiserRoute({
      summary: 'Send a test notice on every channel of a volunteer, to check the settings (organisers)',
      params: IdParams,
      response: { 202: Type.Object({ noticeId: Type.String() }) },
    }),
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
        contentFor: () => {
          const t = wordsFor(volunteer.language).volunteer.notice;
          return { title: t.testTitle, paragraphs: [t.test(volunteer.name)], action: null, links: [] };
        },
      });
      return reply.code(202).send({ noticeId });
    },
  );
};
