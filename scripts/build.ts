import { join } from 'node:path';

/**
 * The production build: the server as one ES module of compiled JavaScript (dependencies stay in
 * node_modules) and the dashboard bundle. `npm ci` runs it (the `prepare` script), so `npm start`
 * serves with plain `node`: no TypeScript loader and no Vite in the serving process.
 */
export const projectRoot = join(import.meta.dirname, '..');
export const serverEntry = join(projectRoot, 'dist', 'server', 'main.js');

export async function buildServer(): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(projectRoot, 'server', 'main.ts')],
    outfile: serverEntry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules stay outside the bundle: native better-sqlite3, and one copy of each library.
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

export async function buildDashboard(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'dashboard', 'vite.config.ts'), logLevel: 'warn' });
}

const only = process.argv[2];
if (import.meta.filename === process.argv[1]) {
  if (only !== 'dashboard') await buildServer();
  if (only !== 'server') await buildDashboard();
}
