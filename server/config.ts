import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { LevelThresholdsSchema } from '../contract/api';

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
    logLevel: Type.Union(
      [
        Type.Literal('fatal'),
        Type.Literal('error'),
        Type.Literal('warn'),
        Type.Literal('info'),
        Type.Literal('debug'),
        Type.Literal('trace'),
        Type.Literal('silent'),
      ],
      { default: 'info', description: 'LOG_LEVEL' },
    ),
    ingestBatchMs: Type.Integer({
      minimum: 0,
      maximum: 1000,
      default: 20,
      description: 'INGEST_BATCH_MS: how long readings wait to share one SQLite transaction',
    }),
    deviceClockToleranceMs: Type.Integer({ minimum: 0, default: 60_000 }),
    deviceBufferMaxAgeMs: Type.Integer({ minimum: 0, default: 24 * 3600_000 }),
    defaultLevels: LevelThresholdsSchema,
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
const ENV_FIELDS: Record<string, { field: keyof Config; type: 'int' | 'string' | 'bool' }> = {
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
    deviceClockToleranceMs: 60_000,
    deviceBufferMaxAgeMs: 24 * 3600_000,
    defaultLevels: { ...DEFAULT_LEVELS },
  };
}

const compiledConfig = Compile(ConfigSchema);

function coerce(raw: string, type: 'int' | 'string' | 'bool'): unknown {
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
  return Object.freeze({ ...config, defaultLevels: Object.freeze({ ...levels }) });
}
