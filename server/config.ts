import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { DEFAULT_SECRET_HASH_COST, SECRET_HASH_COST_RANGE } from '../broker/credentials';
import { INTAKE_WINDOW } from '../broker/intakeGate';
import { DEFAULT_PENDING_LOGIN_LIMITS } from '../broker/pendingLogins';
import { LevelThresholdsSchema } from '../contract/api';
import { DEFAULT_DISCOVERY_PREFIX, DISCOVERY_ID_PATTERN } from '../contract/homeAssistant';
import { OSM_ATTRIBUTION, OSM_TILE_URL } from '../contract/mapSettings';
import { coerce, envBindingsOf, envField } from './configEnv';
import { AlertsConfigSchema } from './domain/alerts/config';
import { EstimatorConfigSchema } from './domain/estimation';
import {
  FollowConfigSchema,
  NotificationsConfigSchema,
  SmtpConfigSchema,
  smtpFromEnv,
} from './domain/notifications/config';
import { RestockConfigSchema } from './domain/restock/config';
import { levelsRise } from './domain/stock';

/** Fridge Finder NYC's scale: the level cut-offs a new fridge starts with. */
export const DEFAULT_LEVELS = Object.freeze({
  emptyBelowPercent: 10,
  fewBelowPercent: 45,
  manyBelowPercent: 80,
});

const MQTT_URL_PATTERN = '^(mqtts?|tcp|ssl|wss?)://';

/**
 * The one configuration schema. `loadConfig` reads it from the environment once at start-up,
 * answers `VARIABLE (field): message` for every bad field, and freezes the result.
 *
 * Each environment variable is declared here and nowhere else: `envField` puts its name, its
 * meaning and (when the `default` does not say it) its default as the README shows it on the field.
 * The loader, its error messages and README.md's table (`npm run docs:config`) all read it from
 * here. Fields without a variable take their `default`; a nested section (estimator, restock,
 * notifications) declares `default: {}` and is filled from its own fields' defaults.
 */
export const ConfigSchema = Type.Object(
  {
    httpPort: envField(Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }), {
      env: 'PORT',
      meaning: 'HTTP port (dashboard and API)',
    }),
    httpHost: envField(Type.String({ minLength: 1, default: '0.0.0.0' }), {
      env: 'HOST',
      meaning: 'HTTP address',
    }),
    mqttPort: envField(Type.Integer({ minimum: 0, maximum: 65535, default: 1883 }), {
      env: 'MQTT_PORT',
      meaning: 'embedded broker port',
    }),
    mqttHost: envField(Type.String({ minLength: 1, default: '0.0.0.0' }), {
      env: 'MQTT_HOST',
      meaning: 'embedded broker address',
    }),
    mqttUrl: envField(
      Type.Union([Type.String({ pattern: MQTT_URL_PATTERN }), Type.Null()], { default: null }),
      {
        env: 'MQTT_URL',
        meaning: 'use this external broker (e.g. `mqtt://mosquitto:1883`) instead of the embedded one',
      },
    ),
    mqttUsername: envField(Type.Union([Type.String(), Type.Null()], { default: null }), {
      env: 'MQTT_USERNAME',
      meaning: "the server's user name on the external broker",
    }),
    mqttPassword: envField(Type.Union([Type.String(), Type.Null()], { default: null }), {
      env: 'MQTT_PASSWORD',
      meaning: "the server's password on the external broker",
    }),
    mqttPublicUrl: envField(
      Type.Union([Type.String({ pattern: MQTT_URL_PATTERN }), Type.Null()], { default: null }),
      {
        env: 'MQTT_PUBLIC_URL',
        meaning:
          'broker address given to newly registered devices (default: the host the organiser used, when it ' +
          'names this machine or `PUBLIC_URL`; never a forged `Host` header)',
      },
    ),
    dataDir: envField(Type.String({ minLength: 1, default: './data' }), {
      env: 'DATA_DIR',
      meaning: 'SQLite file, organiser token',
    }),
    adminToken: envField(Type.Union([Type.String({ minLength: 16 }), Type.Null()], { default: null }), {
      env: 'ADMIN_TOKEN',
      meaning:
        'organiser token (16+ characters); when unset, one is generated on first start, stored in ' +
        '`DATA_DIR/admin-token` and printed once',
      defaultText: 'generated',
    }),
    // null: a first start creates a demo site, a later start keeps what it finds.
    demo: envField(Type.Union([Type.Boolean(), Type.Null()], { default: null }), {
      env: 'DEMO',
      meaning: '`0` makes a first start create a real, empty site',
      defaultText: '`1` on a first start',
    }),
    // An enum, not a union of literals: a failed union stops TypeBox reporting later fields.
    logLevel: envField(
      Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
      { env: 'LOG_LEVEL', meaning: '`fatal`…`trace`, `silent`' },
    ),
    // 100, not 1,000: a commit's turn grows with its readings (their listeners are about 80 % of
    // it), and a backlog is committed one batch per turn (docs/scaling.md, sixth round).
    ingestMaxBatch: envField(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }), {
      env: 'INGEST_MAX_BATCH',
      meaning:
        'most readings in one SQLite transaction and one turn of the event loop; readings that arrive while a commit runs share the next one (no timer), a backlog is committed one batch per turn',
    }),
    // Twenty default batches, as behind an external broker (PIPELINE_WINDOW): without a bound a
    // server that fell behind at 10,000 fridges held 460,000 parsed readings and 2 GB, and its
    // collector kept it from catching up (docs/scaling.md, ninth round).
    ingestMaxWaiting: envField(Type.Integer({ minimum: 10, maximum: 1_000_000, default: INTAKE_WINDOW }), {
      env: 'INGEST_MAX_WAITING',
      meaning:
        "embedded broker: once this many readings wait for their commit, devices' connections are not read until half as many wait; what devices send meanwhile stays in their QoS 1 queues (nothing is refused)",
    }),
    // Off by default: under a load of 13-22 on 2 cores the hand-off to the thread cost the event
    // loop as much as the transaction it took away, and throughput fell (docs/benchmarks.md §1,
    // fourth round); to be compared on an idle machine before it becomes the default.
    ingestWriterThread: envField(Type.Boolean({ default: false }), {
      env: 'INGEST_WRITER_THREAD',
      meaning:
        '`1` commits readings on a thread of their own instead of the event loop (the PUBACK waits for the commit either way)',
    }),
    // A stop commits the backlog this long while PUBACKs still go out, then leaves the rest
    // unacknowledged for the devices (or an external broker) to send again (docs/reliability.md
    // "Shutdown"); under a service manager's stop timeout (Docker's 10 s, systemd's 90 s).
    ingestStopGraceMs: envField(Type.Integer({ minimum: 0, maximum: 60_000, default: 3000 }), {
      env: 'INGEST_STOP_GRACE_MS',
      meaning:
        'on SIGTERM, how long the backlog of readings is still committed and acknowledged; what is left is not acknowledged, so it is sent again to the next start',
    }),
    deviceClockToleranceMs: Type.Integer({ minimum: 0, default: 60_000 }),
    deviceBufferMaxAgeMs: Type.Integer({ minimum: 0, default: 24 * 3600_000 }),
    defaultLevels: Type.With(LevelThresholdsSchema, { default: DEFAULT_LEVELS }),
    corsOrigins: envField(Type.Array(Type.String({ pattern: '^https?://[^\\s/]+$' }), { default: [] }), {
      env: 'CORS_ORIGINS',
      meaning: 'comma-separated origins (`https://example.org`) whose pages may call the API',
    }),
    mapTileUrl: envField(
      Type.String({ pattern: '^https?://[^\\s/]+/[^\\s]*\\{z\\}[^\\s]*$', default: OSM_TILE_URL }),
      {
        env: 'MAP_TILE_URL',
        meaning:
          "the public map's tiles (a Leaflet template with `{z}/{x}/{y}`); its origin alone is added to the CSP's `img-src`. Set your own tile server for no third party",
        defaultText: "OpenStreetMap's",
      },
    ),
    mapTileAttribution: envField(Type.String({ minLength: 1, default: OSM_ATTRIBUTION }), {
      env: 'MAP_TILE_ATTRIBUTION',
      meaning: 'the credit the tile licence asks for, shown on the map',
    }),
    rateLimitOrganiserPerMinute: envField(Type.Integer({ minimum: 1, default: 120 }), {
      env: 'RATE_LIMIT_ORGANISER_PER_MINUTE',
      meaning:
        'requests per minute and address to organiser endpoints (wrong tokens count too, as does any ' +
        'token shown to a route where it is optional); over it: `429 RATE_LIMITED`',
    }),
    rateLimitClaimPerMinute: envField(Type.Integer({ minimum: 1, default: 20 }), {
      env: 'RATE_LIMIT_CLAIM_PER_MINUTE',
      meaning:
        'requests per minute and address to claim links and other writes without a token; over it: ' +
        '`429 RATE_LIMITED`',
    }),
    tlsCertFile: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'TLS_CERT_FILE',
      meaning:
        'PEM certificate file; with `TLS_KEY_FILE`, HTTPS on `PORT`, and MQTTS on `MQTT_TLS_PORT` beside plain MQTT',
    }),
    tlsKeyFile: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'TLS_KEY_FILE',
      meaning: 'PEM private key file of `TLS_CERT_FILE`; set both or neither',
    }),
    mqttTlsPort: envField(Type.Integer({ minimum: 0, maximum: 65535, default: 8883 }), {
      env: 'MQTT_TLS_PORT',
      meaning: "embedded broker's MQTT-over-TLS port (with the TLS files)",
    }),
    mqttTlsHost: envField(Type.String({ minLength: 1, default: '0.0.0.0' }), {
      env: 'MQTT_TLS_HOST',
      meaning:
        "embedded broker's MQTT-over-TLS address (with the TLS files); `MQTT_HOST=127.0.0.1` then keeps " +
        "plain MQTT for the server's own client, and devices can reach MQTTS only",
    }),
    deviceSecretHashCost: envField(
      Type.Integer({ ...SECRET_HASH_COST_RANGE, default: DEFAULT_SECRET_HASH_COST }),
      {
        env: 'DEVICE_SECRET_HASH_COST',
        meaning:
          'scrypt cost (log2 N) of new device secrets; each step doubles the time of a registration and of a ' +
          "device's first login after a restart. Secrets are 144-bit random, so a lower cost is no easier " +
          'to guess (docs/reliability.md); 10 is 16 times cheaper, for bulk imports and benchmarks (docs/scaling.md)',
      },
    ),
    mqttDrainTimeoutMs: envField(Type.Integer({ minimum: 100, default: 30_000 }), {
      env: 'MQTT_DRAIN_TIMEOUT_MS',
      meaning: 'how long a subscriber that stops reading may hold deliveries up before it is cut off',
    }),
    mqttMaxUnauthenticated: envField(
      Type.Integer({ minimum: 1, default: DEFAULT_PENDING_LOGIN_LIMITS.maxTotal }),
      {
        env: 'MQTT_MAX_UNAUTHENTICATED',
        meaning: 'MQTT connections not logged in yet, all addresses together; extra ones are closed at once',
      },
    ),
    mqttMaxUnauthenticatedPerAddress: envField(
      Type.Integer({ minimum: 1, default: DEFAULT_PENDING_LOGIN_LIMITS.maxPerAddress }),
      {
        env: 'MQTT_MAX_UNAUTHENTICATED_PER_ADDRESS',
        meaning:
          'MQTT connections not logged in yet from one address; extra ones are closed at once (raise it for ' +
          'a site with more devices than that behind one NAT router)',
      },
    ),
    homeAssistantDiscovery: envField(Type.Union([Type.Boolean(), Type.Null()], { default: null }), {
      env: 'HA_DISCOVERY',
      meaning:
        '`1` publishes every fridge to Home Assistant by MQTT discovery (stock, level, kg, temperature, door, ' +
        'food safety, sensors online), `0` does not: see [Home Assistant](docs/home-assistant.md)',
      defaultText: 'on with `MQTT_URL` or `HA_MQTT_PASSWORD`, else off',
    }),
    homeAssistantDiscoveryPrefix: envField(
      Type.String({ pattern: DISCOVERY_ID_PATTERN, default: DEFAULT_DISCOVERY_PREFIX }),
      {
        env: 'HA_DISCOVERY_PREFIX',
        meaning: "Home Assistant's discovery prefix, if changed in its MQTT options",
      },
    ),
    homeAssistantMqttPassword: envField(
      Type.Union([Type.String({ minLength: 16 }), Type.Null()], { default: null }),
      {
        env: 'HA_MQTT_PASSWORD',
        meaning:
          'gives Home Assistant a login `homeassistant` with this password (16+ characters) on the embedded ' +
          'broker (or in the files of `MOSQUITTO_PASSWORD_FILE`): it may read discovery, `fridges/+/state` and `alerts` and publish only its own status',
      },
    ),
    mosquittoPasswordFile: envField(
      Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }),
      {
        env: 'MOSQUITTO_PASSWORD_FILE',
        meaning:
          'keep this Mosquitto `password_file` written from the device registry (with `MOSQUITTO_ACL_FILE`), rewritten as devices are added, revoked or given new secrets: see [external broker](docs/external-broker.md)',
      },
    ),
    mosquittoAclFile: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'MOSQUITTO_ACL_FILE',
      meaning:
        'the Mosquitto `acl_file` kept with `MOSQUITTO_PASSWORD_FILE`: each device may publish only its own topics',
    }),
    mosquittoPidFile: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'MOSQUITTO_PID_FILE',
      meaning:
        "Mosquitto's `pid_file` (Debian: `/run/mosquitto/mosquitto.pid`): sent SIGHUP after each rewrite, so it reloads the files and cuts revoked devices off; unset, something else must reload it",
    }),
    estimator: EstimatorConfigSchema,
    influxUrl: envField(
      Type.Union([Type.String({ pattern: '^https?://[^\\s]+$' }), Type.Null()], { default: null }),
      {
        env: 'INFLUX_URL',
        meaning:
          'mirror every reading to InfluxDB 1.x, e.g. `http://host:8086/fridges` (database in the path); ' +
          'with `INFLUX_TOKEN`, to InfluxDB 2.x/3.x/Cloud at this base address (`http://host:8086`)',
      },
    ),
    influxToken: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'INFLUX_TOKEN',
      meaning: 'API token: mirror through the InfluxDB 2.x write API (`/api/v2/write`) instead of 1.x',
    }),
    influxOrg: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'INFLUX_ORG',
      meaning: 'organisation of `INFLUX_BUCKET` (with `INFLUX_TOKEN`; InfluxDB 3 ignores it)',
    }),
    influxBucket: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'INFLUX_BUCKET',
      meaning: 'bucket (2.x, Cloud) or database (3.x) the readings go to (with `INFLUX_TOKEN`)',
    }),
    // At least 2 days: longer than a device may buffer readings (deviceBufferMaxAgeMs, 24 h), so no
    // reading can arrive behind the rolled-up boundary.
    retentionRawDays: envField(Type.Integer({ minimum: 2, default: 30 }), {
      env: 'RETENTION_RAW_DAYS',
      meaning:
        'days raw readings are kept; older ones are rolled up into 15-minute min/mean/max buckets, then deleted',
    }),
    retentionRollupDays: envField(Type.Integer({ minimum: 31, default: 731 }), {
      env: 'RETENTION_ROLLUP_DAYS',
      meaning: 'days the 15-minute rollups are kept (two years by default)',
    }),
    publicUrl: envField(
      Type.Union([Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' }), Type.Null()], {
        default: null,
      }),
      {
        env: 'PUBLIC_URL',
        meaning: 'the address used in links sent to volunteers (claim, preferences)',
        defaultText: '`http://localhost:PORT`',
      },
    ),
    timeZone: envField(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }), {
      env: 'TIME_ZONE',
      meaning: 'IANA zone for quiet hours, active hours, ETAs, "today" in activity figures',
      defaultText: "the system's",
    }),
    // null: no e-mail. Its SMTP_* variables are declared on SmtpConfigSchema and read by smtpFromEnv.
    smtp: Type.Union([SmtpConfigSchema, Type.Null()], { default: null }),
    restock: RestockConfigSchema,
    notifications: NotificationsConfigSchema,
    follow: FollowConfigSchema,
    alerts: AlertsConfigSchema,
    allowPrivateWebhooks: envField(Type.Boolean({ default: false }), {
      env: 'ALLOW_PRIVATE_WEBHOOKS',
      meaning:
        '`1` lets volunteer webhooks reach this machine and private networks (a chat bridge on the LAN); ' +
        'otherwise refused when saved and at each delivery',
    }),
    trustProxy: envField(
      Type.Array(Type.String({ minLength: 1, pattern: '^[0-9A-Za-z.:/]+$' }), { default: [] }),
      {
        env: 'TRUST_PROXY',
        meaning:
          'comma-separated addresses or CIDRs of your reverse proxies (`127.0.0.1` for nginx or Caddy on the ' +
          'same box; `loopback`, `linklocal`, `uniquelocal` also work): only then is `X-Forwarded-For` ' +
          'believed for rate limits and caps',
      },
    ),
    sseMaxClients: envField(Type.Integer({ minimum: 1, default: 1000 }), {
      env: 'SSE_MAX_CLIENTS',
      meaning:
        'open live-feed streams in all; more get `503 STREAM_LIMIT`. A stream that leaves 1 MB unread, or ' +
        'keeps its socket full for 30 s, is dropped (the page reconnects by itself)',
    }),
    sseMaxPerAddress: envField(Type.Integer({ minimum: 1, default: 20 }), {
      env: 'SSE_MAX_PER_ADDRESS',
      meaning: 'open live-feed streams from one address; more get `503 STREAM_LIMIT`',
    }),
  },
  { additionalProperties: false },
);
export type Config = Static<typeof ConfigSchema>;

/** The fields an environment variable sets, with the variable and its coercion, from the schema. */
const ENV_FIELDS = envBindingsOf(ConfigSchema);

/** Field → variable, to name the variable in error messages. */
const FIELD_TO_ENV = new Map(ENV_FIELDS.map(({ field, variable }) => [field, variable.env]));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Every field's `default`; the estimator, restock and notification sections from their fields'. */
function defaults(): Config {
  return Value.Default(ConfigSchema, {}) as Config;
}

const compiledConfig = Compile(ConfigSchema);

function describe(instancePath: string): string {
  const field = instancePath.replace(/^\//, '').split('/')[0] ?? '';
  const env = FIELD_TO_ENV.get(field);
  return env ? `${env} (${instancePath.slice(1)})` : instancePath.slice(1) || 'config';
}

/** `A, B (a, b)`: the variables behind `fields` and the fields themselves, for a rule on several. */
function describeAll(fields: string[]): string {
  return `${fields.map((field) => FIELD_TO_ENV.get(field) ?? field).join(', ')} (${fields.join(', ')})`;
}

/**
 * Builds the config from defaults, then environment variables, then explicit overrides (tests),
 * and validates the whole. Throws ConfigError naming every bad field.
 */
export function loadConfig(env: NodeJS.ProcessEnv = {}, overrides: Partial<Config> = {}): Readonly<Config> {
  const candidate: Record<string, unknown> = { ...defaults() };
  for (const { field, coercion, variable } of ENV_FIELDS) {
    const raw = env[variable.env];
    if (raw !== undefined) candidate[field] = coerce(raw, coercion);
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
  if (!levelsRise(levels)) {
    throw new ConfigError(['defaultLevels: thresholds must rise: empty ≤ few ≤ many']);
  }
  if ((config.tlsCertFile === null) !== (config.tlsKeyFile === null)) {
    throw new ConfigError([`${describeAll(['tlsCertFile', 'tlsKeyFile'])}: set both or neither`]);
  }
  if (
    config.influxToken !== null &&
    (config.influxUrl === null || config.influxOrg === null || config.influxBucket === null)
  ) {
    throw new ConfigError([
      `${describeAll(['influxToken', 'influxUrl', 'influxOrg', 'influxBucket'])}: the InfluxDB 2.x mirror needs all four`,
    ]);
  }
  if ((config.mosquittoPasswordFile === null) !== (config.mosquittoAclFile === null)) {
    throw new ConfigError([
      `${describeAll(['mosquittoPasswordFile', 'mosquittoAclFile'])}: set both or neither`,
    ]);
  }
  if (
    config.mosquittoPasswordFile !== null &&
    (config.mqttUsername === null || config.mqttPassword === null)
  ) {
    throw new ConfigError([
      `${describeAll(['mosquittoPasswordFile', 'mqttUsername', 'mqttPassword'])}: the server's own login is written into the file; set it`,
    ]);
  }
  if (config.mosquittoPidFile !== null && config.mosquittoPasswordFile === null) {
    throw new ConfigError([
      `${describeAll(['mosquittoPidFile', 'mosquittoPasswordFile'])}: the pid file is signalled after the files are written; set the files too`,
    ]);
  }
  // With the Mosquitto files kept here, Home Assistant's login is written into them.
  if (
    config.homeAssistantMqttPassword !== null &&
    config.mqttUrl !== null &&
    config.mosquittoPasswordFile === null
  ) {
    throw new ConfigError([
      `${describeAll(['homeAssistantMqttPassword', 'mqttUrl'])}: Home Assistant logs in to the external broker ` +
        'with its own account there; this login is for the embedded broker, or the Mosquitto files kept with MOSQUITTO_PASSWORD_FILE',
    ]);
  }
  return Object.freeze({ ...config, defaultLevels: Object.freeze({ ...levels }) });
}
