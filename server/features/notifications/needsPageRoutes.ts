import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { type FridgeStatus, Slug } from '../../../contract/api';
import { NEED_CATEGORIES, NEEDS_LIMITS, type NeedCategory, type Needs } from '../../../contract/publicSite';
import {
  escapeHtml,
  FormBodySchema,
  type Page,
  refusalPage,
  sendPage,
  sendPageOr,
} from '../../api/htmlPages';
import { signedLinkPage, TokenParams } from '../../api/routeKit';
import { needsLinkHolder } from './needsLinks';
import type { NotificationRouteOptions } from './routeOptions';

/** The words of the categories on this server page (the dashboard has its own, per language). */
const CATEGORY_LABELS: Record<NeedCategory, string> = {
  produce: 'Fruit and vegetables',
  dairy: 'Dairy',
  bread: 'Bread',
  cookedMeals: 'Cooked meals',
  dryGoods: 'Dry goods',
  drinks: 'Drinks',
  hygiene: 'Hygiene products',
  babyFood: 'Baby food',
};

export interface NeedsRouteOptions extends NotificationRouteOptions {
  needsOf: (fridgeId: string) => Needs | null;
  setNeeds: (fridgeId: string, body: { categories: NeedCategory[]; note: string | null }) => FridgeStatus;
}

const NeedsLinkParams = Type.Object({ fridgeId: Slug, token: TokenParams.properties.token });

function needsForm(fridgeName: string, needs: Needs, action: string, saved: string | null): Page {
  const boxes = NEED_CATEGORIES.map(
    (c) =>
      `<label><input type="checkbox" name="need-${c}" value="on"${needs.categories.includes(c) ? ' checked' : ''}> ${escapeHtml(CATEGORY_LABELS[c])}</label>`,
  ).join('\n');
  return {
    status: 200,
    title: `What ${fridgeName} needs`,
    tone: 'ok',
    html: `${saved === null ? '' : `<p class="ok"><strong>${escapeHtml(saved)}</strong></p>`}
<p>Tick what neighbours should bring; the fridge page and its status screen show it at once.</p>
<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>Needed now</legend>
${boxes}
</fieldset>
<p><label>A short note (${NEEDS_LIMITS.noteLength} characters at most)<br>
<input type="text" name="note" maxlength="${NEEDS_LIMITS.noteLength}" value="${escapeHtml(needs.note ?? '')}"></label></p>
<button type="submit">Save what is needed</button>
</form>`,
  };
}

/**
 * A volunteer's "update what this fridge needs" link: GET shows the form and changes nothing (mail
 * scanners open every link), POST replaces the list through the same step as the organisers' PUT.
 */
export const needsPageRoutes: FastifyPluginAsyncTypebox<NeedsRouteOptions> = async (app, options) => {
  const errorPage = (err: unknown) => refusalPage(err, 'This link does not work', false);
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
          const { fridgeId } = holder(params);
          return needsForm(nameOf(fridgeId), options.needsOf(fridgeId) ?? noNeeds, actionOf(params), null);
        },
        errorPage,
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
      try {
        ({ fridgeId } = holder(params));
      } catch (err) {
        return sendPage(reply, errorPage(err));
      }
      const form = request.body;
      const note = (form.note ?? '').trim();
      if (note.length > NEEDS_LIMITS.noteLength) {
        const page = needsForm(nameOf(fridgeId), options.needsOf(fridgeId) ?? noNeeds, action, null);
        return sendPage(reply, {
          ...page,
          status: 400,
          tone: 'bad',
          html: `<p class="bad"><strong>The note is longer than ${NEEDS_LIMITS.noteLength} characters. Nothing was saved.</strong></p>${page.html}`,
        });
      }
      const categories = NEED_CATEGORIES.filter((c) => form[`need-${c}`] === 'on');
      const status = options.setNeeds(fridgeId, { categories, note: note === '' ? null : note });
      return sendPage(
        reply,
        needsForm(status.name, status.needs, action, 'Saved: the fridge page shows it now.'),
      );
    },
  );
};
