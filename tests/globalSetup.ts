import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The end-to-end tests load the real dashboard bundle: build it before every run (a few seconds),
 * so a bundle left from older sources never stands in for the code under test.
 */
export default async function setup(): Promise<void> {
  const root = process.cwd();
  if (!existsSync(join(root, 'dashboard', 'vite.config.ts'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'dashboard', 'vite.config.ts'), logLevel: 'warn' });
}
