import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { elmStreet, startTestSystem, type TestSystem, tempDataDir } from './testSystem';

/** The production dashboard build (`npm run build`), as `npm start` serves it. */
export const dashboardDir = join(process.cwd(), 'dashboard', 'dist');

export interface DashboardInChromium {
  system: TestSystem;
  browser: Awaited<ReturnType<typeof launchChromium>>;
}

/**
 * For one describe block: a test system serving the built dashboard, with the given fridges (Elm
 * Street unless told), and Debian's Chromium on the system's clock; both stopped after the block.
 * Read `system` and `browser` inside tests and hooks: they are set before the first test runs.
 */
export function dashboardInChromium(
  options: { fridges?: ReadonlyArray<Parameters<TestSystem['createFridge']>[0]> } = {},
): DashboardInChromium {
  const env = {} as DashboardInChromium;
  let data: ReturnType<typeof tempDataDir> | undefined;
  beforeAll(async () => {
    data = tempDataDir();
    env.system = await startTestSystem(data.dir, {}, { dashboardDir });
    for (const fridge of options.fridges ?? [elmStreet]) await env.system.createFridge(fridge);
    env.browser = await launchChromium({ clock: env.system.clock });
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.system?.stop();
    data?.remove();
  });
  return env;
}
