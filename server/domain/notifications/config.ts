import Type, { type Static } from 'typebox';
import { envField, envNamesOf } from '../../configEnv';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Outgoing mail; null in the config disables e-mail (other channels still work). Read from the
 * `SMTP_*` variables by `smtpFromEnv`, which also supplies the defaults (none here: a section that is
 * set must be complete).
 */
export const SmtpConfigSchema = Type.Object(
  {
    host: envField(Type.String({ minLength: 1 }), {
      env: 'SMTP_HOST',
      meaning: 'mail server for volunteer e-mail; no e-mail without it',
    }),
    port: envField(Type.Integer({ minimum: 1, maximum: 65535 }), {
      env: 'SMTP_PORT',
      meaning: 'mail server port',
      defaultText: '`587`, or `465` with `SMTP_SECURE=1`',
    }),
    secure: envField(Type.Boolean(), {
      env: 'SMTP_SECURE',
      meaning: '`1`: TLS from the first byte (port 465); otherwise STARTTLS when offered',
      defaultText: '`0`',
    }),
    user: envField(Type.Union([Type.String(), Type.Null()]), {
      env: 'SMTP_USER',
      meaning: 'account on the mail server',
    }),
    password: envField(Type.Union([Type.String(), Type.Null()]), {
      env: 'SMTP_PASSWORD',
      meaning: 'password of `SMTP_USER`',
    }),
    from: envField(Type.String({ minLength: 3 }), {
      env: 'SMTP_FROM',
      meaning: 'the sender, e.g. `Elm St fridges <fridges@example.org>`',
      defaultText: '`fridges@SMTP_HOST`',
    }),
  },
  { additionalProperties: false },
);
export type SmtpConfig = Static<typeof SmtpConfigSchema>;

/** How the outbox retries; every delay is bounded so a long outage delays notices, never drops them. */
export const NotificationsConfigSchema = Type.Object(
  {
    retryFirstMs: Type.Integer({
      minimum: 100,
      default: 15 * SECOND_MS,
      description: 'wait after the first failed attempt; each further failure doubles it',
    }),
    retryMaxMs: Type.Integer({
      minimum: 100,
      default: 5 * MINUTE_MS,
      description:
        'longest wait between attempts (an SMTP server down for 10 minutes costs at most this much)',
    }),
    giveUpAfterMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 48 * HOUR_MS,
      description: 'a notice still undelivered this long after it was due is marked failed',
    }),
    sendTimeoutMs: Type.Integer({
      minimum: 100,
      default: 20 * SECOND_MS,
      description: 'one attempt on one channel gives up after this long',
    }),
    preferencesLinkTtlMs: Type.Integer({
      minimum: HOUR_MS,
      default: 90 * 24 * HOUR_MS,
      description: 'how long the preferences and unsubscribe link in a notice stays valid',
    }),
  },
  { additionalProperties: false, default: {} },
);
export type NotificationsConfig = Static<typeof NotificationsConfigSchema>;

export const DEFAULT_NOTIFICATIONS_CONFIG: NotificationsConfig = Object.freeze({
  retryFirstMs: 15 * SECOND_MS,
  retryMaxMs: 5 * MINUTE_MS,
  giveUpAfterMs: 48 * HOUR_MS,
  sendTimeoutMs: 20 * SECOND_MS,
  preferencesLinkTtlMs: 90 * 24 * HOUR_MS,
});

/** Neighbours who follow a fridge by e-mail (issue 11). */
export const FollowConfigSchema = Type.Object(
  {
    noticeEveryMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 6 * HOUR_MS,
      description: 'a follower hears at most one "restocked" or "safe again" per fridge in this long',
    }),
    confirmLinkTtlMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 48 * HOUR_MS,
      description: 'how long the confirmation link of a new follower works',
    }),
    resendConfirmAfterMs: Type.Integer({
      minimum: 0,
      default: 15 * MINUTE_MS,
      description:
        'a second follow request for the same address and fridge sends a new confirmation only after this long',
    }),
  },
  { additionalProperties: false, default: {} },
);
export type FollowConfig = Static<typeof FollowConfigSchema>;

/** Field → its `SMTP_*` variable, as declared on the schema. */
const SMTP_ENV = envNamesOf(SmtpConfigSchema);

/**
 * The `smtp` section from `SMTP_*` variables: undefined when SMTP_HOST is unset (the section
 * then keeps its default), raw strings left for the schema to refuse with a named field.
 */
export function smtpFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const host = env[SMTP_ENV.host];
  if (host === undefined || host === '') return undefined;
  const secureRaw = env[SMTP_ENV.secure]?.trim().toLowerCase();
  const secure =
    secureRaw === undefined || secureRaw === ''
      ? false
      : ['1', 'true', 'yes', 'on'].includes(secureRaw)
        ? true
        : ['0', 'false', 'no', 'off'].includes(secureRaw)
          ? false
          : secureRaw;
  const portRaw = env[SMTP_ENV.port]?.trim();
  const port =
    portRaw === undefined || portRaw === ''
      ? secure === true
        ? 465
        : 587
      : /^\d+$/.test(portRaw)
        ? Number(portRaw)
        : portRaw;
  return {
    host,
    port,
    secure,
    user: env[SMTP_ENV.user] || null,
    password: env[SMTP_ENV.password] || null,
    from: env[SMTP_ENV.from] ?? `fridges@${host}`,
  };
}
