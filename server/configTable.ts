import type { TSchema } from 'typebox';
import { ConfigSchema } from './config';
import { type EnvVariable, envVariablesIn } from './configEnv';

/** The comments around the generated table in README.md; `npm run docs:config` rewrites what is between. */
export const CONFIG_TABLE_START = '<!-- config-table:start -->';
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

/** README.md's configuration table: one row per environment variable, in the schema's order. */
export function configTable(schema: TSchema = ConfigSchema): string {
  const rows = envVariablesIn(schema).map(
    ({ variable, schema: field }) =>
      `| \`${variable.env}\` | ${cell(defaultText(variable, field))} | ${cell(variable.meaning)} |`,
  );
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The default as a reader sets it: `1`/`0` for booleans, `none` for an empty list, `—` for unset. */
function defaultText(variable: EnvVariable, field: TSchema): string {
  if (variable.defaultText !== undefined) return variable.defaultText;
  const value: unknown = (field as { default?: unknown }).default;
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `\`${value.join(',')}\``;
  if (typeof value === 'boolean') return value ? '`1`' : '`0`';
  return `\`${String(value)}\``;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** Where the table sits in `readme`, or why it cannot be found. */
function locate(readme: string): { start: number; end: number } | string {
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.indexOf(CONFIG_TABLE_END);
  if (start === -1 || end === -1 || end < start) {
    return `README.md has no ${CONFIG_TABLE_START} … ${CONFIG_TABLE_END} pair around the configuration table`;
  }
  return { start: start + CONFIG_TABLE_START.length, end };
}

/** `readme` with `table` between the markers. */
export function withConfigTable(readme: string, table: string): string {
  const place = locate(readme);
  if (typeof place === 'string') throw new Error(place);
  return `${readme.slice(0, place.start)}\n${table}\n${readme.slice(place.end)}`;
}

/**
 * Null when `readme` holds `table` between the markers; otherwise what differs, naming the first
 * row that does and how to fix it.
 */
export function configTableDifference(readme: string, table: string): string | null {
  const place = locate(readme);
  if (typeof place === 'string') return place;
  const written = readme.slice(place.start, place.end).replace(/^\n/, '').replace(/\n$/, '').split('\n');
  const generated = table.split('\n');
  const rows = Math.max(written.length, generated.length);
  const at = Array.from({ length: rows }, (_, index) => index).find(
    (index) => written[index] !== generated[index],
  );
  if (at === undefined) return null;
  const variable = /^\| `([^`]+)`/.exec(generated[at] ?? written[at] ?? '')?.[1];
  return [
    `README.md's configuration table differs from the config schema at line ${at + 1} of the table` +
      (variable === undefined ? ':' : ` (${variable}):`),
    `  README.md: ${written[at] || '(nothing)'}`,
    `  schema:    ${generated[at] ?? '(nothing)'}`,
    'Change the variable on its schema field (envField) and run `npm run docs:config`.',
  ].join('\n');
}
