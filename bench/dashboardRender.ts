/**
 * 1,000 fridges in the public list and on the map (issue 11: each in ≤ 500 ms on the 2-core
 * machine), measured in Debian's Chromium through playwright-core. Prints figures; asserts nothing.
 * Called by bench/dashboardBundle.ts with the production build it made (`npm run bench:dashboard`);
 * `BENCH_RENDER_FRIDGES` (1000) and `BENCH_RENDER_RUNS` (5) change the size and repetitions.
 *
 * The server is the real one, in this process, on free ports: the fridges come in through
 * `POST /api/import` with their places and hours, in one request, and one weight and
 * one temperature reading each through the ingest's own `accept()` (as the broker hands them over),
 * so every card shows a level and every marker its words. Tiles come from a local server that
 * answers every tile with a 1×1 PNG, so the figures do not depend on a third party's network.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Page } from 'playwright-core';
import { SECRET_HASH_COST_RANGE } from '../broker/credentials';
import type { ImportResult } from '../contract/bulkImport';
import { loadConfig } from '../server/config';
import { startSystem } from '../server/system';

const FRIDGES = Number(process.env.BENCH_RENDER_FRIDGES ?? 1000);
const RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 5);
const TOKEN = 'bench-render-token-0123456789';
/** The cards the list builds at once (LIST_PAGE in dashboard/src/pages/ListPage.tsx). */
const LIST_PAGE = 50;
const FIRST_PAGE = Math.min(FRIDGES, LIST_PAGE);
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Places spread over about 20 × 20 km of a city, as a big network would be. */
const placeOf = (i: number) => ({
  lat: 52.42 + ((i * 7919) % 1000) / 5000,
  lon: 13.25 + ((i * 104_729) % 1000) / 3500,
});

/**
 * In the page: watches for `count` elements matching `selector` and marks when they are in the DOM
 * and when the frame showing them has been produced (next animation frame, then a task: the paint
 * has happened by then). With `weight`, each element counts as the number in that attribute (1 if
 * absent): the map's groups carry `data-fridges`, so "1,000" means every fridge is on the map, alone
 * or in a group. A string, not a function: tsx's `keepNames` would add `__name()` calls that do not
 * exist in the page.
 */
export const watchFor = (selector: string, count: number, mark: string, weight?: string): string => `(() => {
  const total = () => {
    const found = document.querySelectorAll(${JSON.stringify(selector)});
    ${weight === undefined ? 'return found.length;' : `let sum = 0; for (const e of found) sum += Number(e.getAttribute(${JSON.stringify(weight)}) ?? 1); return sum;`}
  };
  const observer = new MutationObserver(() => {
    if (total() < ${count}) return;
    observer.disconnect();
    performance.mark(${JSON.stringify(`${mark}-dom`)});
    requestAnimationFrame(() => setTimeout(() => performance.mark(${JSON.stringify(`${mark}-painted`)}), 0));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** The map's elements (single fridges and groups) in the DOM, with every fridge counted once. */
export const watchForMap = (fridges: number): string =>
  watchFor('.map-marker', fridges, 'map', 'data-fridges');

export async function markTime(page: Page, name: string): Promise<number> {
  await page
    .waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 60_000 })
    .catch(async (error: unknown) => {
      const shown = await page.evaluate(() => ({
        cards: document.querySelectorAll('[data-testid="fridge-list"] > li').length,
        markers: document.querySelectorAll('.map-marker').length,
        text: (document.body.textContent ?? '').slice(0, 300),
      }));
      throw new Error(`${name} never came: ${JSON.stringify(shown)}`, { cause: error });
    });
  return page.evaluate((n) => (performance.getEntriesByName(n)[0] as PerformanceEntry).startTime, name);
}

/**
 * The map's elements (single fridges and groups) at "painted": how many, how many of them are
 * visible and inside the map's box, and how many fridges those hold. "Painted" counts fridges in the
 * DOM, so this says they were drawn where a reader sees them (not hidden by a zoom, nor off the map).
 */
export const markersShown = (page: Page): Promise<{ elements: number; visible: number; fridges: number }> =>
  page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLElement>('.map-marker')];
    const box = document.querySelector('[data-testid="fridge-map"]')?.getBoundingClientRect();
    const visible = all.filter((marker) => {
      if (box === undefined) return false;
      const at = marker.getBoundingClientRect();
      const inside =
        at.left >= box.left && at.right <= box.right && at.top >= box.top && at.bottom <= box.bottom;
      return inside && getComputedStyle(marker).visibility === 'visible';
    });
    const fridges = visible.reduce((sum, marker) => sum + Number(marker.dataset.fridges ?? 1), 0);
    return { elements: all.length, visible: visible.length, fridges };
  });

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const ms = (value: number): string => `${Math.round(value)} ms`;

/** The real server with 1,000 seeded fridges, a tile server and Chromium; `stop()` ends all three. */
export async function startRenderFixture(dashboardDir: string) {
  const tiles = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'image/png' }).end(PIXEL_PNG),
  );
  await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  const dataDir = mkdtempSync(join(tmpdir(), 'fridge-render-'));
  const config = loadConfig(
    {},
    {
      httpPort: 0,
      httpHost: '127.0.0.1',
      mqttPort: 0,
      mqttHost: '127.0.0.1',
      dataDir,
      demo: false,
      adminToken: TOKEN,
      // The render is measured, not scrypt: the cheapest cost the config allows (secrets are
      // 144-bit random, server/config.ts); at the default, 1,000 hashes were 36–48 s of provisioning.
      deviceSecretHashCost: SECRET_HASH_COST_RANGE.minimum,
      timeZone: 'Europe/Berlin',
      mapTileUrl: `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png`,
    },
  );
  const system = await startSystem({ config, logger: pino({ level: 'silent' }), dashboardDir });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const stop = async () => {
    await browser.close();
    await system.stop();
    await new Promise((resolve) => tiles.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const seedStart = performance.now();
    await seed(system);
    console.log(
      `${FRIDGES} fridges provisioned (one POST /api/import with places and hours, then two readings each through the intake) in ${ms(performance.now() - seedStart)}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: system.httpUrl, browser, stop };
}

export async function measureDashboardRender(dashboardDir: string): Promise<void> {
  const { url, browser, stop } = await startRenderFixture(dashboardDir);
  try {
    const list: { dom: number; painted: number; afterData: number }[] = [];
    const more: number[] = [];
    const map: { dom: number; painted: number; shown: Awaited<ReturnType<typeof markersShown>> }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript(watchFor('[data-testid="fridge-list"] > li', FIRST_PAGE, 'list'));
      await page.goto(`${url}/`);
      const dom = await markTime(page, 'list-dom');
      const painted = await markTime(page, 'list-painted');
      const dataAt = await page.evaluate(
        () =>
          performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/fridges') as
            | PerformanceResourceTiming
            | undefined,
      );
      list.push({ dom, painted, afterData: painted - (dataAt?.responseEnd ?? 0) });
      if (FRIDGES > LIST_PAGE) {
        await page.evaluate(
          watchFor('[data-testid="fridge-list"] > li', Math.min(FRIDGES, 2 * LIST_PAGE), 'more'),
        );
        const pressedAt = await page.evaluate(() => {
          const at = performance.now();
          document.querySelector<HTMLButtonElement>('[data-testid="show-more"]')?.click();
          return at;
        });
        more.push((await markTime(page, 'more-painted')) - pressedAt);
      }

      await page.evaluate(watchForMap(FRIDGES));
      const clickAt = await page.evaluate(() => {
        const at = performance.now();
        document.querySelector<HTMLButtonElement>('[data-testid="map-toggle"]')?.click();
        return at;
      });
      map.push({
        dom: (await markTime(page, 'map-dom')) - clickAt,
        painted: (await markTime(page, 'map-painted')) - clickAt,
        shown: await markersShown(page),
      });
      await page.close();
    }
    const [one, five, fifteen] = loadavg().map((l) => l.toFixed(1));
    console.log(
      `render in Chromium at 1280×800, median of ${RUNS} fresh pages; load average ${one} / ${five} / ${fifteen} on this machine`,
    );
    console.log(
      `list of ${FRIDGES} fridges, first ${FIRST_PAGE} cards: in the DOM ${ms(median(list.map((r) => r.dom)))} and painted ${ms(median(list.map((r) => r.painted)))} after navigation start; painted ${ms(median(list.map((r) => r.afterData)))} after /api/fridges arrived (runs: ${list.map((r) => Math.round(r.painted)).join(', ')} ms)`,
    );
    if (more.length > 0)
      console.log(
        `list, "Show ${LIST_PAGE} more" pressed: ${LIST_PAGE} more cards painted ${ms(median(more))} later (runs: ${more.map(Math.round).join(', ')} ms)`,
      );
    const shown = [
      ...new Set(map.map(({ shown: s }) => `${s.visible} of ${s.elements} holding ${s.fridges} fridges`)),
    ];
    console.log(
      `map, ${FRIDGES} fridges (single markers and groups of those that would overlap): in the DOM ${ms(median(map.map((r) => r.dom)))} and painted ${ms(median(map.map((r) => r.painted)))} after "Show the map" (lazy chunk and settings included; runs: ${map.map((r) => Math.round(r.painted)).join(', ')} ms; map elements visible inside the map then: ${shown.join(' / ')})`,
    );
  } finally {
    await stop();
  }
}

async function seed(system: Awaited<ReturnType<typeof startSystem>>): Promise<void> {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const importStart = performance.now();
  const imported = await system.app.inject({
    method: 'POST',
    url: '/api/import',
    headers: auth,
    payload: {
      fridges: Array.from({ length: FRIDGES }, (_, i) => ({
        id: `fridge-${i}`,
        name: `Fridge ${i}`,
        kind: i % 10 === 0 ? 'pantry' : 'fridge',
        address: `${i} Long Street`,
        shelves: [
          { id: 's1', tareKg: 2, capacityKg: 20 },
          { id: 's2', tareKg: 2, capacityKg: 20 },
        ],
        devices: [{ id: `sensor-${i}` }],
        location: placeOf(i),
        // Half state their hours: the list judges "open now" for those by its own clock.
        ...(i % 2 === 0
          ? { openingHours: { mo: [{ from: '08:00', to: '20:00' }], sa: [{ from: '10:00', to: '14:00' }] } }
          : {}),
      })),
    },
  });
  if (imported.statusCode !== 201) throw new Error(`import: ${imported.statusCode} ${imported.body}`);
  const { devices } = imported.json() as ImportResult;
  console.log(
    `\nPOST /api/import of ${FRIDGES} fridges, places, hours and devices: ${ms(performance.now() - importStart)}`,
  );
  const receivedAtMs = Date.now();
  const stored = devices.flatMap((device, i) => {
    const source = { deviceId: device.deviceId, clientId: device.deviceId, receivedAtMs };
    const fridgeId = device.fridgeId;
    return [
      system.ingest.accept({ fridgeId, value: { kind: 'weight', shelfId: 's1', kg: 2 + (i % 19) } }, source),
      system.ingest.accept({ fridgeId, value: { kind: 'temperature', celsius: 3 + (i % 5) } }, source),
    ];
  });
  system.ingest.flush();
  await Promise.all(stored);
}
