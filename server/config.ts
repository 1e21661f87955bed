import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { LevelThresholdsSchema } from '../contract/api';
import { AlertsConfigSchema, DEFAULT_ALERTS_CONFIG } from './domain/alerts/config';
import { DEFAULT_ESTIMATOR_CONFIG, EstimatorConfigSchema } from './domain/estimation';
import {
  DEFAULT_NOTIFICATIONS_CONFIG,
  NotificationsConfigSchema,
  SmtpConfigSchema,
  smtpFromEnv,
} from './domain/notifications/config';
import { DEFAULT_RESTOCK_CONFIG, RestockConfigSchema } from './domain/restock/config';

/**
 * The one configuration schema. `loadConfig` reads it from the environment once at start-up,
 * answers `FIELD: message` for every bad field, and freezes the result.
 */
export const ConfigSchema = Type.Object(
  {
    httpPort: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'PORT' }),
    httpHost: Type.String({ minLength: 1, default: '0.0.0.0', description: 'HOST' }),
    mqttPort: Type.Integer({ minimum: 0, maximum: 65535, default: 1883, description: 'MQTT_PORT' }),
    mqttHost: Type.String({ minLength: 1, default: '0.0.0.0', description: 'MQTT_HOST' }),
    mqttUrl: Type.Union([Type.String({ pattern: '^(mqtts?|tcp|ssl|wss?)://' }), Type.Null()], {
      default: null,
      description: 'MQTT_URL: use this external broker instead of the embedded one',
    }),
    mqttUsername: Type.Union([Type.String(), Type.Null()], { default: null, description: 'MQTT_USERNAME' }),
    mqttPassword: Type.Union([Type.String(), Type.Null()], { default: null, description: 'MQTT_PASSWORD' }),
    mqttPublicUrl: Type.Union([Type.String({ pattern: '^(mqtts?|tcp|ssl|wss?)://' }), Type.Null()], {
      default: null,
      description: 'MQTT_PUBLIC_URL: the broker address handed to newly registered devices',
    }),
    dataDir: Type.String({ minLength: 1, default: './data', description: 'DATA_DIR' }),
    adminToken: Type.Union([Type.String({ minLength: 16 }), Type.Null()], {
      default: null,
      description: 'ADMIN_TOKEN',
    }),
    demo: Type.Union([Type.Boolean(), Type.Null()], {
      default: null,
      description: 'DEMO: 0 makes a first start create a real (empty) site; default creates a demo site',
    }),
    // An enum, not a union of literals: a failed union stops TypeBox reporting later fields.
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      default: 'info',
      description: 'LOG_LEVEL',
    }),
    ingestBatchMs: Type.Integer({
      minimum: 0,
      maximum: 1000,
      default: 20,
      description: 'INGEST_BATCH_MS: how long readings wait to share one SQLite transaction',
    }),
    deviceClockToleranceMs: Type.Integer({ minimum: 0, default: 60_000 }),
    deviceBufferMaxAgeMs: Type.Integer({ minimum: 0, default: 24 * 3600_000 }),
    defaultLevels: LevelThresholdsSchema,
    corsOrigins: Type.Array(Type.String({ pattern: '^https?://[^\\s/]+$' }), {
      default: [],
      description: 'CORS_ORIGINS: comma-separated origins (https://example.org) whose pages may call the API',
    }),
    rateLimitOrganiserPerMinute: Type.Integer({
      minimum: 1,
      default: 120,
      description: 'RATE_LIMIT_ORGANISER_PER_MINUTE: requests per address to organiser endpoints',
    }),
    rateLimitClaimPerMinute: Type.Integer({
      minimum: 1,
      default: 20,
      description: 'RATE_LIMIT_CLAIM_PER_MINUTE: requests per address to public writes (claims)',
    }),
    tlsCertFile: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
      default: null,
      description:
        'TLS_CERT_FILE: PEM certificate; with TLS_KEY_FILE, HTTPS on PORT and MQTTS on MQTT_TLS_PORT',
    }),
    tlsKeyFile: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
      default: null,
      description: 'TLS_KEY_FILE: PEM private key of TLS_CERT_FILE',
    }),
    mqttTlsPort: Type.Integer({ minimum: 0, maximum: 65535, default: 8883, description: 'MQTT_TLS_PORT' }),
    mqttTlsHost: Type.String({
      minLength: 1,
      default: '0.0.0.0',
      description: 'MQTT_TLS_HOST: MQTTS address; with MQTT_HOST=127.0.0.1 devices can reach MQTTS only',
    }),
    mqttDrainTimeoutMs: Type.Integer({
      minimum: 100,
      default: 30_000,
      description: 'MQTT_DRAIN_TIMEOUT_MS: how long a subscriber that stops reading may hold deliveries up',
    }),
    estimator: EstimatorConfigSchema,
    influxUrl: Type.Union([Type.String({ pattern: '^https?://[^\\s]+$' }), Type.Null()], {
      default: null,
      description:
        'INFLUX_URL: mirror every reading to this InfluxDB 1.x database, e.g. http://host:8086/fridges',
    }),
    publicUrl: Type.Union([Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' }), Type.Null()], {
      default: null,
      description: 'PUBLIC_URL: the address in links sent to volunteers; default http://localhost:PORT',
    }),
    timeZone: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
      default: null,
      description: 'TIME_ZONE: IANA zone for quiet hours, active hours and ETAs; default the system zone',
    }),
    smtp: Type.Union([SmtpConfigSchema, Type.Null()], {
      default: null,
      description: 'SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD, SMTP_FROM; null: no e-mail',
    }),
    restock: RestockConfigSchema,
    notifications: NotificationsConfigSchema,
    alerts: AlertsConfigSchema,
  },
  { additionalProperties: false },
);
export type Config = Static<typeof ConfigSchema>;

export const DEFAULT_LEVELS = Object.freeze({
  emptyBelowPercent: 10,
  fewBelowPercent: 45,
  manyBelowPercent: 80,
});

/** Environment variable → config field; the table in README.md lists the same. */
const ENV_FIELDS: Record<string, { field: keyof Config; type: 'int' | 'string' | 'bool' | 'list' }> = {
  PORT: { field: 'httpPort', type: 'int' },
  HOST: { field: 'httpHost', type: 'string' },
  MQTT_PORT: { field: 'mqttPort', type: 'int' },
  MQTT_HOST: { field: 'mqttHost', type: 'string' },
  MQTT_URL: { field: 'mqttUrl', type: 'string' },
  MQTT_USERNAME: { field: 'mqttUsername', type: 'string' },
  MQTT_PASSWORD: { field: 'mqttPassword', type: 'string' },
  MQTT_PUBLIC_URL: { field: 'mqttPublicUrl', type: 'string' },
  DATA_DIR: { field: 'dataDir', type: 'string' },
  ADMIN_TOKEN: { field: 'adminToken', type: 'string' },
  DEMO: { field: 'demo', type: 'bool' },
  LOG_LEVEL: { field: 'logLevel', type: 'string' },
  INGEST_BATCH_MS: { field: 'ingestBatchMs', type: 'int' },
  INFLUX_URL: { field: 'influxUrl', type: 'string' },
  CORS_ORIGINS: { field: 'corsOrigins', type: 'list' },
  RATE_LIMIT_ORGANISER_PER_MINUTE: { field: 'rateLimitOrganiserPerMinute', type: 'int' },
  RATE_LIMIT_CLAIM_PER_MINUTE: { field: 'rateLimitClaimPerMinute', type: 'int' },
  TLS_CERT_FILE: { field: 'tlsCertFile', type: 'string' },
  TLS_KEY_FILE: { field: 'tlsKeyFile', type: 'string' },
  MQTT_TLS_PORT: { field: 'mqttTlsPort', type: 'int' },
  MQTT_TLS_HOST: { field: 'mqttTlsHost', type: 'string' },
  MQTT_DRAIN_TIMEOUT_MS: { field: 'mqttDrainTimeoutMs', type: 'int' },
  PUBLIC_URL: { field: 'publicUrl', type: 'string' },
  TIME_ZONE: { field: 'timeZone', type: 'string' },
};

const FIELD_TO_ENV = new Map(Object.entries(ENV_FIELDS).map(([env, { field }]) => [field as string, env]));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function defaults(): Config {
  return {
    httpPort: 8080,
    httpHost: '0.0.0.0',
    mqttPort: 1883,
    mqttHost: '0.0.0.0',
    mqttUrl: null,
    mqttUsername: null,
    mqttPassword: null,
    mqttPublicUrl: null,
    dataDir: './data',
    adminToken: null,
    demo: null,
    logLevel: 'info',
    ingestBatchMs: 20,
    influxUrl: null,
    estimator: structuredClone(DEFAULT_ESTIMATOR_CONFIG),
    deviceClockToleranceMs: 60_000,
    deviceBufferMaxAgeMs: 24 * 3600_000,
    defaultLevels: { ...DEFAULT_LEVELS },
    corsOrigins: [],
    rateLimitOrganiserPerMinute: 120,
    rateLimitClaimPerMinute: 20,
    tlsCertFile: null,
    tlsKeyFile: null,
    mqttTlsPort: 8883,
    mqttTlsHost: '0.0.0.0',
    mqttDrainTimeoutMs: 30_000,
    publicUrl: null,
    timeZone: null,
    smtp: null,
    restock: { ...DEFAULT_RESTOCK_CONFIG },
    notifications: { ...DEFAULT_NOTIFICATIONS_CONFIG },
    alerts: { ...DEFAULT_ALERTS_CONFIG },
  };
}

const compiledConfig = Compile(ConfigSchema);

function coerce(raw: string, type: 'int' | 'string' | 'bool' | 'list'): unknown {
  if (type === 'list') return raw.split(',').flatMap((item) => (item.trim() === '' ? [] : [item.trim()]));
  if (raw === '') return null;
  if (type === 'int') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (type === 'bool') {
    const lowered = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
    if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
    return raw;
  }
  return raw;
}

function describe(instancePath: string): string {
  const field = instancePath.replace(/^\//, '').split('/')[0] ?? '';
  const env = FIELD_TO_ENV.get(field);
  return env ? `${env} (${instancePath.slice(1)})` : instancePath.slice(1) || 'config';
}

/**
 * Builds the config from defaults, then environment variables, then explicit overrides (tests),
 * and validates the whole. Throws ConfigError naming every bad field.
 */
export function loadConfig(env: NodeJS.ProcessEnv = {}, overrides: Partial<Config> = {}): Readonly<Config> {
  const candidate: Record<string, unknown> = { ...defaults() };
  for (const [name, { field, type }] of Object.entries(ENV_FIELDS)) {
    const raw = env[name];
    if (raw !== undefined) candidate[field] = coerce(raw, type);
  }
  const smtp = smtpFromEnv(env);
  if (smtp !== undefined) candidate.smtp = smtp;
  Object.assign(candidate, overrides);
  if (!compiledConfig.Check(candidate)) {
    const problems = [...compiledConfig.Errors(candidate)]
      .filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf')
      .map((e) => `${describe(e.instancePath)}: ${e.message}`);
    throw new ConfigError(problems.length > 0 ? [...new Set(problems)] : ['config: is not valid']);
  }
  const config = candidate as Config;
  const levels = config.defaultLevels;
  if (
    !(levels.emptyBelowPercent <= levels.fewBelowPercent && levels.fewBelowPercent <= levels.manyBelowPercent)
  ) {
    throw new ConfigError(['defaultLevels: thresholds must rise: empty ≤ few ≤ many']);
  }
  if ((config.tlsCertFile === null) !== (config.tlsKeyFile === null)) {
    throw new ConfigError(['TLS_CERT_FILE, TLS_KEY_FILE (tlsCertFile, tlsKeyFile): set both or neither']);
  }
  return Object.freeze({ ...config, defaultLevels: Object.freeze({ ...levels }) });
}
