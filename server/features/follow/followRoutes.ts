import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { FollowBodySchema, FollowReceiptSchema } from '../../../contract/follow';
import { FormBodySchema, sendPage, sendPageOr } from '../../api/htmlPages';
import { publicRoute, signedLinkPage, TokenParams } from '../../api/routeKit';
import { FridgeIdParamsSchema } from '../../api/schemas';
import { AppError } from '../../errors';
import { acceptedLanguage, type ServerWords, wordsFor } from '../../i18n';
import type { FollowFeature } from './followFeature';
import {
  confirmedPage,
  confirmPage,
  followRefusalPage,
  unsubscribedPage,
  unsubscribePage,
} from './followMessages';

export interface FollowRouteOptions {
  feature: FollowFeature;
}

/** Following a fridge: the request (no token) and the pages behind the links in its e-mails. */
export const followRoutes: FastifyPluginAsyncTypebox<FollowRouteOptions> = async (app, { feature }) => {
  // A broken link names no follower, nor does the request's answer: they are in the language the
  // browser asks for.
  const readerWords = (request: FastifyRequest) =>
    wordsFor(acceptedLanguage(request.headers['accept-language']));
  app.post(
    '/api/fridges/:id/follow',
    publicRoute(
      {
        summary:
          'Ask to hear by e-mail when a fridge is restocked or safe again; a confirmation link is mailed first (double opt-in)',
        params: FridgeIdParamsSchema,
        body: FollowBodySchema,
        response: { 202: FollowReceiptSchema },
      },
      [400, 404],
    ),
    async (request, reply) => {
      feature.follow(request.params.id, request.body.email, request.body.language);
      // The same answer whatever the address (it never tells who follows), in the browser's language.
      const receipt = {
        status: 'confirmation-sent' as const,
        message: readerWords(request).followReceipt,
      };
      return (
        reply
          .code(202)
          .header('cache-control', 'no-store')
          .header('content-language', readerWords(request).locale)
          // Added to the CORS plugin's `Vary: Origin`, not in its place.
          .header('vary', [reply.getHeader('vary'), 'Accept-Language'].filter(Boolean).join(', '))
          .send(receipt)
      );
    },
  );

  const confirmError = (request: FastifyRequest) => (err: unknown) =>
    followRefusalPage(readerWords(request), err, 'Nothing to confirm here');
  app.get(
    '/follow/confirm/:token',
    signedLinkPage({
      summary:
        'The confirmation link: a page with one button. Opening it confirms nothing (mail scanners open links)',
      params: TokenParams,
    }),
    async (request, reply) =>
      sendPageOr(
        reply,
        () => {
          const follower = feature.holderOf(request.params.token, 'confirm');
          const words = wordsFor(follower.language);
          return follower.status === 'confirmed'
            ? confirmedPage(words, feature.fridgeName(follower.fridgeId))
            : confirmPage(
                words,
                feature.fridgeName(follower.fridgeId),
                `/follow/confirm/${request.params.token}`,
              );
        },
        confirmError(request),
      ),
  );
  app.post(
    '/follow/confirm/:token',
    signedLinkPage({
      summary: 'The button of the confirmation page: start following',
      params: TokenParams,
      body: FormBodySchema,
    }),
    async (request, reply) =>
      sendPageOr(
        reply,
        () => {
          const follower = feature.holderOf(request.params.token, 'confirm');
          feature.confirm(follower);
          return confirmedPage(wordsFor(follower.language), feature.fridgeName(follower.fridgeId));
        },
        confirmError(request),
      ),
  );

  // An unsubscribe link whose follower is gone has done its work: say so, kindly.
  const unsubscribeError = (request: FastifyRequest) => (err: unknown) =>
    err instanceof AppError && err.code === 'TOKEN_INVALID'
      ? unsubscribedPage(readerWords(request), null)
      : followRefusalPage(readerWords(request), err, 'Nothing to stop here');
  app.get(
    '/follow/unsubscribe/:token',
    signedLinkPage({
      summary: 'The link in every follower e-mail: a page with the button that stops them',
      params: TokenParams,
    }),
    async (request, reply) =>
      sendPageOr(
        reply,
        () => {
          const follower = feature.holderOf(request.params.token, 'unsubscribe');
          return unsubscribePage(
            wordsFor(follower.language),
            feature.fridgeName(follower.fridgeId),
            `/follow/unsubscribe/${request.params.token}`,
          );
        },
        unsubscribeError(request),
      ),
  );
  app.post(
    '/follow/unsubscribe/:token',
    signedLinkPage({
      summary: 'Stop following: the page button, and RFC 8058 one-click unsubscribe (List-Unsubscribe-Post)',
      params: TokenParams,
      body: FormBodySchema,
    }),
    async (request, reply) => {
      let name: string;
      let words: ServerWords;
      try {
        const follower = feature.holderOf(request.params.token, 'unsubscribe');
        name = feature.fridgeName(follower.fridgeId);
        words = wordsFor(follower.language);
        feature.unsubscribe(follower);
      } catch (err) {
        return sendPage(reply, unsubscribeError(request)(err));
      }
      return sendPage(reply, unsubscribedPage(words, name));
    },
  );
};
