import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultSpec, parseFaultFlag } from './faults';
import { SENSOR_FORMATS, type SensorFormat } from './formats';
import { PROFILES, type ProfileName } from './profiles';

export type CliCredentials =
  | { mode: 'api'; apiUrl: string; adminToken: string }
  | { mode: 'shared'; username: string; password: string }
  | { mode: 'anonymous' };

export interface CliOptions {
  /** Broker URL; with `--api` it may be left out and taken from the server's answer. */
  url: string | null;
  fridges: number;
  speed: number;
  seed: number;
  profile: ProfileName;
  truthFile: string | null;
  credentials: CliCredentials;
  format: SensorFormat;
  /** `--topic`: the devices' root topic, `{fridge}` and `{device}` replaced; null: the format's default. */
  topic: string | null;
  /** From `--fault`; a null fridge means the first one. */
  faults: Array<{ fridgeId: string | null; fault: FaultSpec }>;
}

export type CliParseResult =
  | { ok: true; help: true }
  | { ok: true; help: false; options: CliOptions }
  | { ok: false; message: string };

export const USAGE = `Usage: npm run sim -- [options]

  --url URL             broker, e.g. mqtt://localhost:1883 (optional with --api)
  --fridges N           number of simulated fridges sim-1..sim-N (default 3)
  --speed X             simulated time per real time; 60 = a minute per second (default 1);
                        above 1 the payloads carry no ts
  --seed N              random seed, same seed same behaviour (default 1)
  --profile NAME        ${Object.keys(PROFILES).join(' | ')} (default realistic)
  --truth FILE          write the true stock as JSON lines to FILE
  --api URL             server API: create the fridges and register a device for each
  --admin-token TOKEN   admin token for --api
  --fault SPEC          inject a fault, repeatable: [FRIDGE:]KIND@START[+DURATION] in simulated
                        time, e.g. powerCut@10m+2h or sim-2:doorLeftOpen@1m+6m (default fridge:
                        the first; default duration: to the end). KIND: ${FAULT_KINDS.join(', ')}
  --format NAME         what the devices speak: ${SENSOR_FORMATS.join(' | ')} (default native)
  --topic ROOT          the devices' root topic in that format, {fridge} and {device} replaced
                        (default: zigbee2mqtt for Zigbee2MQTT, the device id for the others)
  --username U          shared MQTT username (with --password)
  --password P          shared MQTT password (with --username)
  -h, --help            show this help

Without --api or --username/--password the devices connect anonymously.`;

function parseNumber(
  name: string,
  text: string | undefined,
  fallback: number,
  valid: (n: number) => boolean,
  rule: string,
) {
  if (text === undefined) return { ok: true as const, value: fallback };
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value))
    return { ok: false as const, message: `--${name}: ${rule}, got ${JSON.stringify(text)}` };
  return { ok: true as const, value };
}

function isUrl(text: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Parses the CLI flags; pure, so every error message can be tested. */
export function parseCliArgs(argv: readonly string[]): CliParseResult {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { ok: true, help: true };

  const fridges = parseNumber(
    'fridges',
    values.fridges,
    3,
    (n) => Number.isInteger(n) && n >= 1 && n <= 1000,
    'must be an integer from 1 to 1000',
  );
  if (!fridges.ok) return fridges;
  const speed = parseNumber('speed', values.speed, 1, (n) => n > 0, 'must be a positive number');
  if (!speed.ok) return speed;
  const seed = parseNumber('seed', values.seed, 1, Number.isSafeInteger, 'must be an integer');
  if (!seed.ok) return seed;
  const profile = values.profile ?? 'realistic';
  if (!(profile in PROFILES))
    return {
      ok: false,
      message: `--profile: must be one of ${Object.keys(PROFILES).join(', ')}, got ${JSON.stringify(profile)}`,
    };

  const url = values.url ?? null;
  if (url !== null && !isUrl(url, ['mqtt:', 'mqtts:', 'ws:', 'wss:']))
    return {
      ok: false,
      message: `--url: must be an mqtt://, mqtts://, ws:// or wss:// URL, got ${JSON.stringify(url)}`,
    };

  let credentials: CliCredentials;
  if (values.api !== undefined) {
    if (!isUrl(values.api, ['http:', 'https:']))
      return {
        ok: false,
        message: `--api: must be an http:// or https:// URL, got ${JSON.stringify(values.api)}`,
      };
    if (!values['admin-token']) return { ok: false, message: '--api: needs --admin-token' };
    if (values.username !== undefined || values.password !== undefined)
      return {
        ok: false,
        message: '--api: registers its own device credentials; leave out --username/--password',
      };
    credentials = { mode: 'api', apiUrl: values.api, adminToken: values['admin-token'] };
  } else {
    if (values['admin-token'] !== undefined)
      return { ok: false, message: '--admin-token: only makes sense with --api' };
    if ((values.username === undefined) !== (values.password === undefined))
      return { ok: false, message: '--username and --password: give both or neither' };
    credentials =
      values.username !== undefined && values.password !== undefined
        ? { mode: 'shared', username: values.username, password: values.password }
        : { mode: 'anonymous' };
    if (url === null) return { ok: false, message: '--url: is required (unless --api is given)' };
  }

  const format = values.format ?? 'native';
  if (!SENSOR_FORMATS.includes(format as SensorFormat))
    return {
      ok: false,
      message: `--format: must be one of ${SENSOR_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
    };
  const topic = values.topic ?? null;
  if (topic !== null && (topic === '' || /[#+]/.test(topic)))
    return {
      ok: false,
      message: `--topic: must be a topic name without wildcards, got ${JSON.stringify(topic)}`,
    };
  if (topic !== null && format === 'native')
    return { ok: false, message: '--topic: only with --format (the native contract has fixed topics)' };
  const faults: CliOptions['faults'] = [];
  for (const text of values.fault ?? []) {
    const fault = parseFaultFlag(text);
    if (!fault.ok) return fault;
    faults.push({ fridgeId: fault.fridgeId, fault: fault.fault });
  }

  return {
    ok: true,
    help: false,
    options: {
      url,
      fridges: fridges.value,
      speed: speed.value,
      seed: seed.value,
      profile: profile as ProfileName,
      truthFile: values.truth ?? null,
      credentials,
      format: format as SensorFormat,
      topic,
      faults,
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      fridges: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      truth: { type: 'string' },
      api: { type: 'string' },
      'admin-token': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      fault: { type: 'string', multiple: true },
      format: { type: 'string' },
      topic: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
