import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { coerce, coercionOf, envBindingsOf, envField } from '../../server/configEnv';
import {
  CONFIG_TABLE_END,
  CONFIG_TABLE_START,
  configTable,
  configTableDifference,
  withConfigTable,
} from '../../server/configTable';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The variable names in the table's rows, in order. */
function variablesIn(table: string): string[] {
  return table.split('\n').flatMap((line) => /^\| `([A-Z0-9_]+)` \|/.exec(line)?.[1] ?? []);
}

/** Every variable `loadConfig` looks up, SMTP_* included (they are read only once SMTP_HOST is set). */
function variablesTheLoaderReads(): string[] {
  const read = new Set<string>();
  const env = new Proxy<NodeJS.ProcessEnv>(
    { SMTP_HOST: 'mail.example.org' },
    {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return typeof name === 'string' ? target[name] : undefined;
      },
    },
  );
  loadConfig(env);
  return [...read];
}

describe('the configuration table', () => {
  it('has one row for each environment variable the loader reads, and no other', () => {
    const rows = variablesIn(configTable());
    expect(new Set(rows).size, 'a variable listed twice').toBe(rows.length);
    expect([...rows].sort()).toEqual(variablesTheLoaderReads().sort());
    expect(rows).toContain('PORT');
    expect(rows).toContain('SMTP_FROM');
  });

  it('shows the defaults a reader gets', () => {
    const table = configTable();
    expect(table).toContain('| `PORT` | `8080` | HTTP port (dashboard and API) |');
    expect(table).toContain('| `MQTT_URL` | — |');
    expect(table).toContain('| `CORS_ORIGINS` | none |');
    expect(table).toContain('| `ALLOW_PRIVATE_WEBHOOKS` | `0` |');
    expect(table).toContain('| `ADMIN_TOKEN` | generated |');
    expect(table).toContain("| `TIME_ZONE` | the system's |");
    expect(table).toContain(
      `| \`MQTT_MAX_UNAUTHENTICATED\` | \`${loadConfig({}).mqttMaxUnauthenticated}\` |`,
    );
  });

  it('is the one in README.md', () => {
    expect(configTableDifference(README, configTable())).toBeNull();
  });
});

describe('the README check', () => {
  const table = configTable();

  it('fails on a changed row, naming it', () => {
    const changed = README.replace(
      '| `HOST` | `0.0.0.0` | HTTP address |',
      '| `HOST` | `::` | HTTP address |',
    );
    expect(changed).not.toBe(README);
    const difference = configTableDifference(changed, table);
    expect(difference).toContain('(HOST)');
    expect(difference).toContain('README.md: | `HOST` | `::` | HTTP address |');
    expect(difference).toContain('schema:    | `HOST` | `0.0.0.0` | HTTP address |');
    expect(difference).toContain('npm run docs:config');
  });

  it('fails on a missing row and on an extra one', () => {
    const row = /^\| `SSE_MAX_PER_ADDRESS` .*\n/m;
    expect(configTableDifference(README.replace(row, ''), table)).toContain('(SSE_MAX_PER_ADDRESS)');
    const extra = README.replace(CONFIG_TABLE_END, `| \`OLD_VARIABLE\` | — | gone |\n${CONFIG_TABLE_END}`);
    expect(configTableDifference(extra, table)).toContain('OLD_VARIABLE');
  });

  it('fails when the markers are missing', () => {
    expect(configTableDifference(README.replace(CONFIG_TABLE_START, ''), table)).toContain(
      CONFIG_TABLE_START,
    );
  });

  it('passes once the table is written back', () => {
    const changed = README.replace('HTTP address', 'the HTTP address');
    expect(configTableDifference(withConfigTable(changed, table), table)).toBeNull();
    expect(withConfigTable(README, table)).toBe(README);
  });
});

describe('envField', () => {
  it('infers how a variable is read from the field type', () => {
    const schema = Type.Object({
      port: envField(Type.Integer({ default: 1 }), { env: 'A_PORT', meaning: 'a port' }),
      ratio: envField(Type.Number({ default: 0.5 }), { env: 'A_RATIO', meaning: 'a ratio' }),
      on: envField(Type.Union([Type.Boolean(), Type.Null()], { default: null }), {
        env: 'A_ON',
        meaning: 'on',
      }),
      hosts: envField(Type.Array(Type.String(), { default: [] }), { env: 'A_HOSTS', meaning: 'hosts' }),
      level: envField(Type.Enum(['low', 'high'], { default: 'low' }), { env: 'A_LEVEL', meaning: 'level' }),
      unset: Type.Integer({ default: 3 }),
    });
    expect(
      envBindingsOf(schema).map(({ field, coercion, variable }) => [field, coercion, variable.env]),
    ).toEqual([
      ['port', 'int', 'A_PORT'],
      ['ratio', 'number', 'A_RATIO'],
      ['on', 'bool', 'A_ON'],
      ['hosts', 'list', 'A_HOSTS'],
      ['level', 'string', 'A_LEVEL'],
    ]);
    expect(coerce(' 2.5 ', 'number')).toBe(2.5);
    expect(coerce('2,5', 'number')).toBe('2,5');
  });

  it('refuses at start-up a field no variable can set, naming it', () => {
    const nested = envField(Type.Object({ a: Type.Integer() }), { env: 'A_SECTION', meaning: 'a section' });
    expect(() => coercionOf(nested, 'section')).toThrow(/^section: /);
  });
});
