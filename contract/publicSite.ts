import Type, { type Static } from 'typebox';
import { SLUG_PATTERN } from './ids';
import { OpeningHoursSchema } from './openingHours';
import { IsoTime, Nullable } from './schemaParts';

/**
 * What neighbours see and send without an account (issue 11): a fridge's place and opening hours,
 * what it needs, problem reports, following a fridge by e-mail, and the open-data GeoJSON feed.
 * Following is in contract/follow.ts, the GeoJSON feed in contract/openData.ts (they import
 * contract/api.ts, which imports this file).
 */
const Slug = Type.String({ pattern: SLUG_PATTERN });
const strict = { additionalProperties: false } as const;

/** WGS 84 degrees, as GPS and OpenStreetMap give them. */
export const LOCATION_LIMITS = { lat: { min: -90, max: 90 }, lon: { min: -180, max: 180 } } as const;
export const LocationSchema = Type.Object(
  {
    lat: Type.Number({ minimum: LOCATION_LIMITS.lat.min, maximum: LOCATION_LIMITS.lat.max }),
    lon: Type.Number({ minimum: LOCATION_LIMITS.lon.min, maximum: LOCATION_LIMITS.lon.max }),
  },
  { ...strict, description: 'WGS 84 degrees' },
);
export type Location = Static<typeof LocationSchema>;

/** What a fridge can ask neighbours to bring. */
export const NEED_CATEGORIES = [
  'produce',
  'dairy',
  'bread',
  'cookedMeals',
  'dryGoods',
  'drinks',
  'hygiene',
  'babyFood',
] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];
export const NeedCategorySchema = Type.Unsafe<NeedCategory>(Type.String({ enum: [...NEED_CATEGORIES] }));

export const NEEDS_LIMITS = { noteLength: 200 } as const;

/** `PUT /api/fridges/{id}/needs` (organisers): replaces the list. */
export const NeedsBodySchema = Type.Object(
  {
    categories: Type.Array(NeedCategorySchema, { maxItems: NEED_CATEGORIES.length, uniqueItems: true }),
    note: Type.Optional(Nullable(Type.String({ maxLength: NEEDS_LIMITS.noteLength }))),
  },
  strict,
);
export type NeedsBody = Static<typeof NeedsBodySchema>;

/** A fridge's needs as the public sees them; `updatedAt` null when never set. */
export const NeedsSchema = Type.Object({
  categories: Type.Array(NeedCategorySchema),
  note: Nullable(Type.String()),
  updatedAt: Nullable(IsoTime),
});
export type Needs = Static<typeof NeedsSchema>;

/** What a neighbour can report in one tap. `other` needs a short text. */
export const REPORT_KINDS = ['brokenDoor', 'dirty', 'notCold', 'emptyButSaysFull', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const ReportKindSchema = Type.Unsafe<ReportKind>(Type.String({ enum: [...REPORT_KINDS] }));
export const REPORT_LIMITS = { textLength: 280 } as const;

/** `POST /api/fridges/{id}/reports`, no token. `text` is required when `kind` is `other`. */
export const ReportBodySchema = Type.Object(
  { kind: ReportKindSchema, text: Type.Optional(Type.String({ maxLength: REPORT_LIMITS.textLength })) },
  strict,
);
export type ReportBody = Static<typeof ReportBodySchema>;

/** The answer to a report: nothing about other reports, no id to act on. */
export const ReportReceiptSchema = Type.Object({ kind: ReportKindSchema, receivedAt: IsoTime });
export type ReportReceipt = Static<typeof ReportReceiptSchema>;

/** On the public status: one line per kind still open, e.g. "Reported: door broken, 2 h ago". */
export const ActiveReportSchema = Type.Object({
  kind: ReportKindSchema,
  since: IsoTime,
  count: Type.Integer({ minimum: 1, description: 'open reports of this kind' }),
});
export type ActiveReport = Static<typeof ActiveReportSchema>;

export const ReportStatusSchema = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);
/** A report in the organisers' queue (`GET /api/reports?status=open`); the reporter stays anonymous. */
export const ReportViewSchema = Type.Object({
  id: Type.String(),
  fridgeId: Slug,
  fridgeName: Type.String(),
  kind: ReportKindSchema,
  text: Nullable(Type.String()),
  status: ReportStatusSchema,
  createdAt: IsoTime,
  resolvedAt: Nullable(IsoTime),
});
export type ReportView = Static<typeof ReportViewSchema>;

/** The fields issue 11 adds to `FridgeStatus` (GET /api/fridges, /api/fridges/{id}, SSE). */
export const PublicSiteFields = {
  location: Nullable(LocationSchema),
  openingHours: Nullable(OpeningHoursSchema),
  timeZone: Type.String({ description: 'IANA zone the opening hours are in' }),
  openNow: Nullable(
    Type.Boolean({ description: 'open when the status was made; null when no hours are stated' }),
  ),
  needs: NeedsSchema,
  reports: Type.Array(ActiveReportSchema, { description: 'open problem reports, one entry per kind' }),
};
