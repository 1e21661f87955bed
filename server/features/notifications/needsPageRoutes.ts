import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { type FridgeStatus, Slug } from '../../../contract/api';
import { NEED_CATEGORIES, NEEDS_LIMITS, type NeedCategory, type Needs } from '../../../contract/publicSite';
import { escapeHtml, escapeText, FormBodySchema, type Page, sendPage, sendPageOr } from '../../api/htmlPages';
import { signedLinkPage, TokenParams } from '../../api/routeKit';
import { type ServerWords, wordsFor } from '../../i18n';
import { needsLinkHolder } from './needsLinks';
import type { NotificationRouteOptions } from './routeOptions';
import { browserWords, volunteerRefusalPage } from './volunteerRefusal';

export interface NeedsRouteOptions extends NotificationRouteOptions {
  needsOf: (fridgeId: string) => Needs | null;
  setNeeds: (fridgeId: string, body: { categories: NeedCategory[]; note: string | null }) => FridgeStatus;
}

const NeedsLinkParams = Type.Object({ fridgeId: Slug, token: TokenParams.properties.token });

/** The form, in the volunteer's language (the dashboard has its own words for the categories). */
function needsForm(
  words: ServerWords,
  fridgeName: string,
  needs: Needs,
  action: string,
  saved: string | null,
): Page {
  const t = words.volunteer.needsPage;
  const boxes = NEED_CATEGORIES.map(
    (c: NeedCategory) =>
      `<label><input type="checkbox" name="need-${c}" value="on"${needs.categories.includes(c) ? ' checked' : ''}> ${escapeText(t.category[c])}</label>`,
  ).join('\n');
  return {
    status: 200,
    title: t.title(fridgeName),
    tone: 'ok',
    lang: words.locale,
    html: `${saved === null ? '' : `<p class="ok"><strong>${escapeText(saved)}</strong></p>`}
<p>${escapeText(t.intro)}</p>
<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>${escapeText(t.legend)}</legend>
${boxes}
</fieldset>
<p><label>${escapeText(t.note(NEEDS_LIMITS.noteLength))}<br>
<input type="text" name="note" maxlength="${NEEDS_LIMITS.noteLength}" value="${escapeHtml(needs.note ?? '')}"></label></p>
<button type="submit">${escapeText(t.save)}</button>
</form>`,
  };
}

/**
 * A volunteer's "update what this fridge needs" link: GET shows the form and changes nothing (mail
 * scanners open every link), POST replaces the list through the same step as the organisers' PUT.
 */
export const needsPageRoutes: FastifyPluginAsyncTypebox<NeedsRouteOptions> = async (app, options) => {
  const errorPage = (words: ServerWords) => (err: unknown) =>
    volunteerRefusalPage(words, err, words.refusal.invalidTitle);
  const holder = (params: { fridgeId: string; token: string }) =>
    needsLinkHolder(options.service.links, params.fridgeId, params.token, options.nowMs(), (id) =>
      options.directory.get(id),
    );
  const actionOf = (params: { fridgeId: string; token: string }) =>
    `/needs/${encodeURIComponent(params.fridgeId)}/${encodeURIComponent(params.token)}`;
  const nameOf = (fridgeId: string) => options.fridgeName(fridgeId) ?? fridgeId;
  const noNeeds: Needs = { categories: [], note: null, updatedAt: null };

  app.get(
    '/needs/:fridgeId/:token',
    signedLinkPage({
      summary: 'A volunteer’s link to a fridge’s needs list: the form (changes nothing)',
      params: NeedsLinkParams,
    }),
    async (request, reply) => {
      const { params } = request;
      return sendPageOr(
        reply,
        () => {
          const { fridgeId, volunteer } = holder(params);
          const words = wordsFor(volunteer.language);
          return needsForm(
            words,
            nameOf(fridgeId),
            options.needsOf(fridgeId) ?? noNeeds,
            actionOf(params),
            null,
          );
        },
        errorPage(browserWords(request)),
      );
    },
  );

  app.post(
    '/needs/:fridgeId/:token',
    signedLinkPage({
      summary: 'Saves a fridge’s needs list from a volunteer’s signed link',
      params: NeedsLinkParams,
      body: FormBodySchema,
    }),
    async (request, reply) => {
      const { params } = request;
      const action = actionOf(params);
      let fridgeId: string;
      let words: ServerWords;
      try {
        const held = holder(params);
        fridgeId = held.fridgeId;
        words = wordsFor(held.volunteer.language);
      } catch (err) {
        return sendPage(reply, errorPage(browserWords(request))(err));
      }
      const t = words.volunteer.needsPage;
      const form = request.body;
      const note = (form.note ?? '').trim();
      if (note.length > NEEDS_LIMITS.noteLength) {
        const page = needsForm(words, nameOf(fridgeId), options.needsOf(fridgeId) ?? noNeeds, action, null);
        return sendPage(reply, {
          ...page,
          status: 400,
          tone: 'bad',
          html: `<p class="bad"><strong>${escapeText(t.noteTooLong(NEEDS_LIMITS.noteLength))}</strong></p>${page.html}`,
        });
      }
      const categories = NEED_CATEGORIES.filter((c) => form[`need-${c}`] === 'on');
      const status = options.setNeeds(fridgeId, { categories, note: note === '' ? null : note });
      return sendPage(reply, needsForm(words, status.name, status.needs, action, t.saved));
    },
  );
};
