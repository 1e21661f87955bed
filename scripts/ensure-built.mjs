// `npm start`'s first step (prestart), in its own process: builds the server and the dashboard
// when a build is missing or older than the sources (a checkout installed with --ignore-scripts,
// or a pull since `npm ci`), so `npm start` itself then runs plain JavaScript with `node`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outputs = [join(root, 'dist', 'server', 'main.js'), join(root, 'dashboard', 'dist', 'index.html')];
const sources = [
  'server',
  'broker',
  'contract',
  'firmware-sim',
  'dashboard',
  'scripts/build.ts',
  'package-lock.json',
];

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  // Files only: a directory's own time changes when a build writes into it (dashboard/dist).
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
const changedAt = Math.max(...sources.map((source) => newestMtime(join(root, source))));
if (builtAt < changedAt) {
  console.log('Building the server and the dashboard (first start, or the sources changed)...');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'build.ts')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
