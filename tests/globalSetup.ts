import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds what `npm start` runs before every test run (a few seconds): the compiled server, which
 * the crash and log tests start as a process, and the dashboard bundle the end-to-end tests load.
 * A build left from older sources never stands in for the code under test.
 */
export default async function setup(): Promise<void> {
  const root = process.cwd();
  if (!existsSync(join(root, 'scripts', 'build.ts'))) return;
  const { buildDashboard, buildServer } = await import('../scripts/build');
  await buildServer();
  await buildDashboard();
}
