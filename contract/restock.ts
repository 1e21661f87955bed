import Type, { type Static } from 'typebox';
import { IsoTime, Nullable, Slug, StockLevelSchema } from './api';

/**
 * API shapes of volunteers, restock requests and notices, shared by the server's route schemas
 * and the dashboard, and the payload of `fridges/{id}/requests`. Times are ISO 8601 strings.
 */
const strict = { additionalProperties: false } as const;

/** The bounds of a volunteer's fields; the dashboard's volunteer form checks the same ones. */
export const VOLUNTEER_LIMITS = {
  nameLength: 120,
  emailLength: 254,
  urlLength: 2000,
  channels: 5,
  fridges: 200,
} as const;
/** What the schemas below and the dashboard's form both match a volunteer's fields against. */
export const VOLUNTEER_PATTERNS = {
  id: '^[a-z0-9][a-z0-9-]{0,39}$',
  clockTime: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  email: '^[^\\s@<>(),;:"]+@[^\\s@<>(),;:"]+$',
  webhookUrl: '^https?://[^\\s]+$',
} as const;

/** Volunteer ids are slugs short enough to fit in a claim link (a URL path segment). */
export const VolunteerIdSchema = Type.String({
  pattern: VOLUNTEER_PATTERNS.id,
  description: 'lower-case slug, at most 40 characters',
});

/**
 * A language of notices and pages, as a BCP 47 primary tag ("en", "es"). The server refuses a
 * well-formed code it has no words for (400 naming `language`) rather than writing in English.
 */
export const LanguageSchema = Type.String({
  pattern: '^[a-z]{2,3}$',
  description: 'language of their notices and pages (BCP 47 primary tag); one the server has words for',
});

/** `HH:MM`, 24-hour local time of the site (config `timeZone`). */
export const ClockTimeSchema = Type.String({
  pattern: VOLUNTEER_PATTERNS.clockTime,
  description: 'local time of day, HH:MM (24 h)',
});
export const DailyWindowSchema = Type.Object(
  { from: ClockTimeSchema, to: ClockTimeSchema },
  { ...strict, description: 'a daily window of local time; wraps past midnight when from > to' },
);

export const NoticeCategorySchema = Type.Union([
  Type.Literal('restock'),
  Type.Literal('foodSafety'),
  Type.Literal('deviceHealth'),
]);
export const NoticeChoicesSchema = Type.Object(
  { restock: Type.Boolean(), foodSafety: Type.Boolean(), deviceHealth: Type.Boolean() },
  { ...strict, description: 'which notices this person receives' },
);

export const WebhookFormatSchema = Type.Union(
  [Type.Literal('json'), Type.Literal('slack'), Type.Literal('discord'), Type.Literal('matrix')],
  { description: 'json: a generic body; slack, discord, matrix: what their incoming webhooks expect' },
);
export const ChannelSchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal('email'),
      address: Type.String({ maxLength: VOLUNTEER_LIMITS.emailLength, pattern: VOLUNTEER_PATTERNS.email }),
    },
    strict,
  ),
  Type.Object(
    {
      type: Type.Literal('webhook'),
      url: Type.String({ maxLength: VOLUNTEER_LIMITS.urlLength, pattern: VOLUNTEER_PATTERNS.webhookUrl }),
      format: WebhookFormatSchema,
    },
    strict,
  ),
]);

export const VolunteerRoleSchema = Type.Union([Type.Literal('volunteer'), Type.Literal('organiser')], {
  description: 'organisers are the last circle a restock request reaches',
});

export const VolunteerSchema = Type.Object({
  id: VolunteerIdSchema,
  name: Type.String(),
  role: VolunteerRoleSchema,
  channels: Type.Array(ChannelSchema),
  fridgeIds: Type.Array(Slug, { description: 'the fridges they look after' }),
  quietHours: Nullable(DailyWindowSchema),
  notices: NoticeChoicesSchema,
  language: LanguageSchema,
  unsubscribed: Type.Boolean({ description: 'they unsubscribed through their link; nothing reaches them' }),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type VolunteerView = Static<typeof VolunteerSchema>;

const Name = Type.String({ minLength: 1, maxLength: VOLUNTEER_LIMITS.nameLength });

export const CreateVolunteerBodySchema = Type.Object(
  {
    id: Type.Optional(VolunteerIdSchema),
    name: Name,
    role: Type.Optional(VolunteerRoleSchema),
    channels: Type.Array(ChannelSchema, { maxItems: VOLUNTEER_LIMITS.channels }),
    fridgeIds: Type.Optional(Type.Array(Slug, { maxItems: VOLUNTEER_LIMITS.fridges })),
    quietHours: Type.Optional(Nullable(DailyWindowSchema)),
    notices: Type.Optional(Type.Partial(NoticeChoicesSchema)),
    language: Type.Optional(LanguageSchema),
  },
  strict,
);
export const UpdateVolunteerBodySchema = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(VolunteerRoleSchema),
    channels: Type.Optional(Type.Array(ChannelSchema, { maxItems: VOLUNTEER_LIMITS.channels })),
    fridgeIds: Type.Optional(Type.Array(Slug, { maxItems: VOLUNTEER_LIMITS.fridges })),
    quietHours: Type.Optional(Nullable(DailyWindowSchema)),
    notices: Type.Optional(Type.Partial(NoticeChoicesSchema)),
    language: Type.Optional(LanguageSchema),
  },
  { ...strict, minProperties: 1 },
);

/** What a volunteer sees and may change through their signed link (channels stay with organisers). */
export const PreferencesSchema = Type.Object({
  name: Type.String(),
  notices: NoticeChoicesSchema,
  quietHours: Nullable(DailyWindowSchema),
  unsubscribed: Type.Boolean(),
  language: LanguageSchema,
  fridges: Type.Array(Type.Object({ id: Slug, name: Type.String() })),
});
export const UpdatePreferencesBodySchema = Type.Object(
  {
    notices: Type.Optional(Type.Partial(NoticeChoicesSchema)),
    quietHours: Type.Optional(Nullable(DailyWindowSchema)),
    subscribed: Type.Optional(Type.Boolean({ description: 'false unsubscribes from everything' })),
    language: Type.Optional(LanguageSchema),
  },
  { ...strict, minProperties: 1 },
);

export const RequestStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('claimed'),
  Type.Literal('fulfilled'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
export type RequestStatusName = Static<typeof RequestStatusSchema>;

export const RestockRequestSchema = Type.Object({
  id: Type.String(),
  fridgeId: Slug,
  fridgeName: Nullable(Type.String()),
  status: RequestStatusSchema,
  reason: Type.Union([Type.Literal('low-stock'), Type.Literal('forecast'), Type.Literal('manual')]),
  openedAt: IsoTime,
  levelAtOpen: Nullable(StockLevelSchema),
  kgAtOpen: Nullable(Type.Number()),
  circle: Type.Union([Type.Literal('fridge'), Type.Literal('area'), Type.Literal('organisers')], {
    description: 'the widest circle asked so far',
  }),
  nextNoticeAt: Nullable(IsoTime),
  expiresAt: IsoTime,
  claim: Nullable(
    Type.Object({
      volunteerId: Nullable(Type.String({ description: 'organisers and the claimer only' })),
      name: Nullable(Type.String({ description: 'organisers and the claimer only' })),
      claimedAt: IsoTime,
      eta: IsoTime,
      reminded: Type.Boolean({ description: 'the ETA passed and the claimer was reminded' }),
      reopensAt: Nullable(IsoTime),
    }),
  ),
  firstClaimedAt: Nullable(IsoTime),
  closedAt: Nullable(IsoTime),
  fulfilment: Nullable(
    Type.Object({
      kgAdded: Nullable(Type.Number()),
      via: Type.Union([Type.Literal('door-session'), Type.Literal('level')]),
      volunteerId: Nullable(Type.String()),
      name: Nullable(Type.String()),
    }),
  ),
  minutesToClaim: Nullable(Type.Number()),
  minutesToFulfil: Nullable(Type.Number()),
});
export type RestockRequestView = Static<typeof RestockRequestSchema>;

export const RestockSummarySchema = Type.Object({
  requests: Type.Integer(),
  open: Type.Integer(),
  fulfilled: Type.Integer(),
  cancelled: Type.Integer(),
  expired: Type.Integer(),
  medianMinutesToClaim: Nullable(Type.Number()),
  medianMinutesToFulfil: Nullable(Type.Number()),
  kgAdded: Type.Number(),
});

export const RestockHistorySchema = Type.Object({
  fridgeId: Slug,
  since: IsoTime,
  summary: RestockSummarySchema,
  requests: Type.Array(RestockRequestSchema),
});

export const RestockSettingsSchema = Type.Object(
  {
    raiseAtLevel: Type.Union([Type.Literal('few'), Type.Literal('empty')], {
      description: 'a request opens when the level stays at this or lower',
    }),
    area: Nullable(
      Type.String({ minLength: 1, maxLength: 80, description: 'fridges of one area share volunteers' }),
    ),
    activeHours: Nullable(DailyWindowSchema),
    forecastTrigger: Type.Boolean({
      description: 'a forecast of empty may open a request (in active hours)',
    }),
  },
  strict,
);

/** The claim page's data, for a dashboard screen opened from a claim link. */
export const ClaimViewSchema = Type.Object({
  request: RestockRequestSchema,
  volunteer: Type.Object({ id: VolunteerIdSchema, name: Type.String() }),
  mine: Type.Boolean({ description: 'the request is claimed by this link holder' }),
});

export const ClaimBodySchema = Type.Object(
  { etaMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60 })) },
  strict,
);

export const OrganiserClaimBodySchema = Type.Object(
  {
    volunteerId: VolunteerIdSchema,
    etaMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60 })),
  },
  strict,
);

export const DeliverySchema = Type.Object({
  id: Type.Integer(),
  volunteerId: Nullable(Type.String()),
  volunteerName: Nullable(Type.String()),
  channel: Type.Union([Type.Literal('email'), Type.Literal('webhook'), Type.Literal('mqtt')]),
  address: Type.String(),
  idempotencyKey: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  heldUntil: Nullable(IsoTime),
  nextAttemptAt: Nullable(IsoTime),
  sentAt: Nullable(IsoTime),
  lastError: Nullable(Type.String()),
  log: Type.Array(Type.Object({ at: IsoTime, ok: Type.Boolean(), detail: Nullable(Type.String()) })),
});

export const NoticeSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'e.g. restock.opened, restock.escalated, restock.fulfilled' }),
  category: NoticeCategorySchema,
  critical: Type.Boolean(),
  fridgeId: Nullable(Type.String()),
  subjectId: Nullable(Type.String({ description: 'the restock request (or alert) it is about' })),
  title: Type.String(),
  createdAt: IsoTime,
  deliveries: Type.Array(DeliverySchema),
});
export type NoticeView = Static<typeof NoticeSchema>;

/** `fridges/{id}/requests` (not retained, QoS 1): one message per change of a request. */
export const RestockTopicPayloadSchema = Type.Object({
  idempotencyKey: Type.String(),
  change: Type.String({ description: 'opened, escalated, claimed, released, reopened, fulfilled, ...' }),
  request: RestockRequestSchema,
});
