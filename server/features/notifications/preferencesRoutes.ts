import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PreferencesSchema, UpdatePreferencesBodySchema } from '../../../contract/restock';
import { signedLinkRoute, TokenParams } from '../../api/routeKit';
import type { Volunteer } from '../../domain/notifications/types';
import { type NotificationRouteOptions, preferencesHolder } from './routeOptions';

/** A volunteer's own notice preferences as JSON, through their signed link (no account). */
export const preferencesRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (
  app,
  options,
) => {
  const { directory, fridgeName } = options;
  const preferencesView = (volunteer: Volunteer) => ({
    name: volunteer.name,
    notices: volunteer.notices,
    quietHours: volunteer.quietHours,
    unsubscribed: volunteer.unsubscribedAtMs !== null,
    language: volunteer.language,
    fridges: volunteer.fridgeIds.map((id) => ({ id, name: fridgeName(id) ?? id })),
  });

  app.get(
    '/api/preferences/:token',
    signedLinkRoute({
      summary: "A volunteer's own notice preferences, through their signed link (no account)",
      params: TokenParams,
      response: { 200: PreferencesSchema },
    }),
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return preferencesView(preferencesHolder(options, request.params.token));
    },
  );

  app.patch(
    '/api/preferences/:token',
    signedLinkRoute({
      summary: 'Change which notices arrive, quiet hours, or unsubscribe, through the signed link',
      params: TokenParams,
      body: UpdatePreferencesBodySchema,
      response: { 200: PreferencesSchema },
    }),
    async (request) => {
      const volunteer = preferencesHolder(options, request.params.token);
      return preferencesView(directory.updatePreferences(volunteer.id, request.body));
    },
  );
};
