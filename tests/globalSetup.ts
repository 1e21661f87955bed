import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The end-to-end tests load the real dashboard bundle: build it once if it is missing. */
export default async function setup(): Promise<void> {
  const root = process.cwd();
  if (existsSync(join(root, 'dashboard', 'dist', 'index.html'))) return;
  if (!existsSync(join(root, 'dashboard', 'vite.config.ts'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'dashboard', 'vite.config.ts'), logLevel: 'warn' });
}
