import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import type { Clock } from '../../server/clock';

/** The environment without libfaketime (`npm run test:hours`): Chromium does not start under it. */
function environmentWithoutFakeTime(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === 'LD_PRELOAD' || name.startsWith('FAKETIME')) continue;
    env[name] = value;
  }
  return env;
}

/**
 * Debian's Chromium, headless, never a downloaded browser. As root it needs --no-sandbox; the
 * background-networking flags stop it calling out from this closed network.
 * With `clock` (the test system's), the pages' clock starts where the server's is and runs at the
 * same pace, so "2 min ago" and "today" agree with the server whatever the wall clock says.
 */
export async function launchChromium(
  options: {
    clock?: Clock;
    /**
     * The browser's language, which picks the dashboard's default language and units: en-GB
     * (°C, kg) unless a test is about another; en-US would show °F and lb.
     */
    locale?: string;
  } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'fridge-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    env: environmentWithoutFakeTime(),
    timezoneId: 'UTC',
    locale: options.locale ?? 'en-GB',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  if (options.clock) await context.clock.install({ time: options.clock.nowMs() });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
