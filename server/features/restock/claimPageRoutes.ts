import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FormBodySchema, type Page, sendPage, sendPageOr } from '../../api/htmlPages';
import { signedLinkPage, TokenParams } from '../../api/routeKit';
import type { RestockRequest } from '../../domain/restock/types';
import { type ServerWords, wordsFor } from '../../i18n';
import { badFormPage, browserWords, volunteerRefusalPage } from '../notifications/volunteerRefusal';
import {
  alreadyClaimedPage,
  type ClaimPageFacts,
  claimedPage,
  closedPage,
  linkPage,
  releasedPage,
} from './claimPage';
import type { CommandResult } from './restockFeature';
import { type LinkHolder, type RestockRouteOptions, restockHttp } from './restockHttp';
import { stockLine } from './restockNotices';

/** The claim page behind the link in a restock notice: HTML, one button per action, no script. */
export const claimPageRoutes: FastifyPluginAsyncTypebox<RestockRouteOptions> = async (app, options) => {
  const { feature, catalog, nowMs } = options;
  const { holderOf, fridgeName, volunteerName, timeZone } = restockHttp(options);
  /** A link that names no volunteer (broken, expired, its holder gone): the browser's language. */
  const errorPage = (words: ServerWords) => (err: unknown) =>
    volunteerRefusalPage(words, err, words.volunteer.claimPage.nothingToClaim);

  const facts = (holder: LinkHolder, request: RestockRequest, token: string): ClaimPageFacts => {
    const claimerId = request.claim?.volunteerId ?? null;
    return {
      request,
      fridgeName: fridgeName(request.fridgeId) ?? request.fridgeId,
      address: catalog.definition(request.fridgeId)?.address ?? null,
      volunteerId: holder.volunteerId,
      volunteerName: holder.volunteerName,
      need: stockLine(request, catalog.status(request.fridgeId), wordsFor(holder.language)),
      claimerName: claimerId === null ? null : volunteerName(claimerId),
      timeZone,
      token,
      words: wordsFor(holder.language),
    };
  };
  /** The page for the outcome of a claim. */
  const claimOutcomePage = (
    holder: LinkHolder,
    result: CommandResult,
    token: string,
    note: string | null,
  ): Page => {
    if (result.ok) return claimedPage(facts(holder, result.request, token), note);
    const current = result.request ?? holder.request;
    if (result.refusal.reason === 'already-claimed') return alreadyClaimedPage(facts(holder, current, token));
    return closedPage(facts(holder, current, token));
  };

  app.get(
    '/claim/:token',
    signedLinkPage({
      summary:
        'The link in a restock notice: shows the request and the button that claims it. Opening it changes nothing (mail scanners open links too)',
      params: TokenParams,
    }),
    async (request, reply) => {
      const { token } = request.params;
      return sendPageOr(
        reply,
        () => {
          const holder = holderOf(token);
          return linkPage(facts(holder, holder.request, token));
        },
        errorPage(browserWords(request)),
      );
    },
  );

  app.post(
    '/claim/:token',
    signedLinkPage({
      summary: 'The buttons of the claim page: claim ("I\'ll restock it"), set an ETA, or release the claim',
      params: TokenParams,
      body: FormBodySchema,
    }),
    async (request, reply) => {
      const { token } = request.params;
      let holder: LinkHolder;
      try {
        holder = holderOf(token);
      } catch (err) {
        return sendPage(reply, errorPage(browserWords(request))(err));
      }
      const words = wordsFor(holder.language);
      const t = words.volunteer.claimPage;
      const form = request.body;
      switch (form.action) {
        case 'claim':
          return sendPage(
            reply,
            claimOutcomePage(holder, feature.claim(holder.request.id, holder.volunteerId, null), token, null),
          );
        case 'release': {
          const result = feature.release(holder.request.id, holder.volunteerId);
          if (result.ok) return sendPage(reply, releasedPage(facts(holder, result.request, token)));
          return sendPage(reply, claimOutcomePage(holder, result, token, null));
        }
        case 'eta': {
          const minutes = Number(form.etaMinutes);
          if (!Number.isInteger(minutes) || minutes < 5 || minutes > 24 * 60) {
            return sendPage(reply, badFormPage(words, t.nothingToClaim, t.badEta));
          }
          const result = feature.claim(holder.request.id, holder.volunteerId, nowMs() + minutes * 60_000);
          return sendPage(reply, claimOutcomePage(holder, result, token, result.ok ? t.etaSaved : null));
        }
        default:
          return sendPage(reply, badFormPage(words, t.nothingToClaim, t.unknownAction));
      }
    },
  );
};
