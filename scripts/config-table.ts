import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configTable, configTableDifference, withConfigTable } from '../server/configTable';

/**
 * README.md's configuration table, generated from the config schema.
 *   tsx scripts/config-table.ts           prints it
 *   tsx scripts/config-table.ts --write   rewrites it in README.md (`npm run docs:config`)
 *   tsx scripts/config-table.ts --check   exits 1 when README.md differs (`npm run check`)
 */
const README = resolve(import.meta.dirname, '../README.md');
const mode = process.argv[2];
const table = configTable();

if (mode === undefined) {
  process.stdout.write(`${table}\n`);
} else if (mode === '--write') {
  writeFileSync(README, withConfigTable(readFileSync(README, 'utf8'), table));
} else if (mode === '--check') {
  const difference = configTableDifference(readFileSync(README, 'utf8'), table);
  if (difference !== null) {
    process.stderr.write(`${difference}\n`);
    process.exitCode = 1;
  }
} else {
  process.stderr.write('usage: tsx scripts/config-table.ts [--write | --check]\n');
  process.exitCode = 2;
}
