import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY } from '../../dashboard/src/organiser/session';
import { launchChromium } from '../helpers/browser';
import { seriousViolations, startTileServer, type TileServer } from '../helpers/mapPage';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');

describe('finding food, the map, reports and following, by keyboard (headless Chromium)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let tiles: TileServer;
  let elmDevice: Awaited<ReturnType<typeof connectDevice>> | null = null;
  let elmShelf = '';
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    tiles = await startTileServer();
    data = tempDataDir();
    system = await startTestSystem(data.dir, { mapTileUrl: tiles.url }, { dashboardDir });
    await system.createFridge({
      ...elmStreet,
      address: '1 Elm St',
      location: { lat: 40.7128, lon: -74.006 },
    });
    await system.createFridge({
      ...elmStreet,
      id: 'oak-st',
      name: 'Oak St fridge',
      address: '9 Oak Ave',
      location: { lat: 40.7306, lon: -73.9352 },
    });
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync(reg.topics.shelves.s1 as string, JSON.stringify({ kg: 12 }), { qos: 1 });
    await device.publishAsync(reg.topics.temperature, JSON.stringify({ celsius: 4 }), { qos: 1 });
    // Stays connected: "food now" counts only fridges whose sensors still report.
    elmDevice = device;
    elmShelf = reg.topics.shelves.s1 as string;
    browser = await launchChromium({ clock: system.clock });
  });
  afterAll(async () => {
    await browser?.close();
    await elmDevice?.endAsync();
    await system?.stop();
    await tiles?.close();
    data.remove();
  });

  it('searches, sorts by distance from a chosen fridge and opens the map, keyboard only', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/`);
    const cards = page.getByTestId('fridge-list').locator('article');
    // The list's first answer, however long a busy machine takes: then it holds both places.
    await page.getByTestId('fridge-card-oak-st').waitFor();
    expect(await cards.count()).toBe(2);

    await page.getByTestId('find-search').focus();
    await page.keyboard.type('oak');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await page.getByTestId('find-count').textContent()).toBe('1 of 2 places');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await expect.poll(() => cards.count()).toBe(2);

    // Near Oak St: it comes first, 0 m away; Elm St about 6.3 km.
    await page.getByTestId('find-near').focus();
    await page.getByTestId('find-near').selectOption('fridge:oak-st');
    await expect.poll(() => cards.first().getAttribute('data-testid')).toBe('fridge-card-oak-st');
    expect(await page.getByTestId('fridge-card-elm-st').getByTestId('distance').textContent()).toBe(
      '6.3 km away',
    );

    // "Food now" by the space bar: Oak St has no reading, so it goes.
    await page.getByTestId('find-foodNow').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => cards.count()).toBe(1);
    await page.keyboard.press('Space');

    await page.getByTestId('map-toggle').focus();
    await page.keyboard.press('Enter');
    // The map's own signal that its lazy chunk loaded and it drew (markers first, then `shown`),
    // not a guess at how long that takes on a busy machine: then both markers are there at once.
    await page.locator('[data-testid="map-panel"][data-state="shown"]').waitFor();
    const markers = page.locator('.map-marker');
    expect(await markers.count()).toBe(2);
    // The level in words, with its icon: never colour alone.
    expect(await page.locator('.map-marker-full, .map-marker-many').first().textContent()).toMatch(
      /^[●◑] (Full|Plenty)$/,
    );
    // Each marker is a button named by its fridge and level; Tab reaches them from the top of the
    // map down (Oak St lies north of Elm St), Enter opens the popup with the link and closes it.
    expect(await markers.evaluateAll((all) => all.map((m) => [m.getAttribute('role'), m.ariaLabel]))).toEqual(
      [
        ['button', 'Oak St fridge: no reading yet'],
        ['button', expect.stringMatching(/^Elm St fridge: (Full|Plenty)$/)],
      ],
    );
    await markers.nth(1).focus();
    await page.keyboard.press('Enter');
    const popup = page.locator('.leaflet-popup-content');
    await expect.poll(() => popup.textContent()).toMatch(/^Elm St fridge(Full|Plenty)$/);
    expect(await popup.getByRole('link').getAttribute('href')).toBe('/fridges/elm-st');
    await page.keyboard.press('Enter');
    await expect.poll(() => popup.count()).toBe(0);
    await markers.nth(0).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => popup.textContent()).toBe('Oak St fridgeno reading yet');
    expect(await seriousViolations(page), 'the open map').toEqual([]);
    // Zoomed in by keyboard, the markers are placed again for the new zoom and shown again.
    const placed = () => markers.evaluateAll((all) => all.map((m) => `${m.style.left},${m.style.top}`));
    const before = await placed();
    await page.getByTestId('fridge-map').focus();
    await page.keyboard.press('Equal');
    await expect.poll(placed).not.toEqual(before);
    await expect
      .poll(() => markers.evaluateAll((all) => all.map((m) => getComputedStyle(m).visibility)))
      .toEqual(['visible', 'visible']);
    // A live reading changes Elm St's level: its marker and open popup say so; the view, the focus
    // and the markers' places stay (the map is not redrawn nor fitted again under the reader).
    await markers.nth(1).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => popup.textContent()).toMatch(/^Elm St fridge(Full|Plenty)$/);
    const zoomedAt = await placed();
    await elmDevice?.publishAsync(elmShelf, JSON.stringify({ kg: 2 }), { qos: 1 });
    await expect
      .poll(() => markers.nth(1).getAttribute('aria-label'))
      .toMatch(/^Elm St fridge: (Empty|A few items)$/);
    expect(await markers.nth(1).textContent()).toMatch(/^[○◔] (Empty|A few items)$/);
    await expect.poll(() => popup.textContent()).toMatch(/^Elm St fridge(Empty|A few items)$/);
    expect(await placed()).toEqual(zoomedAt);
    expect(await markers.nth(1).evaluate((m) => m === document.activeElement)).toBe(true);
    await elmDevice?.publishAsync(elmShelf, JSON.stringify({ kg: 12 }), { qos: 1 });
    await expect
      .poll(() => markers.nth(1).getAttribute('aria-label'))
      .toMatch(/^Elm St fridge: (Full|Plenty)$/);
    await expect.poll(() => tiles.requests()).toBeGreaterThan(0);
    expect(await page.getByTestId('map-failed').count()).toBe(0);
    expect(await page.getByTestId('map-toggle').getAttribute('aria-expanded')).toBe('true');
    await page.close();
  });

  it("sorts from the browser's location when the reader allows it, and says so when they do not", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/`);
    await page.getByTestId('fridge-card-oak-st').waitFor();
    // Refused (no permission given): a plain message; the list stays as it was.
    await browser.context.clearPermissions();
    await page.getByTestId('find-near').selectOption('me');
    await page.getByTestId('find-problem').waitFor();
    expect(await page.getByTestId('find-problem').textContent()).toBe(
      'Your location is not available. Pick a fridge you know, or type coordinates.',
    );
    expect(await page.getByTestId('fridge-card-oak-st').getByTestId('distance').count()).toBe(0);

    // Allowed: 0.001° north of Oak St (about 111 m), so Oak St comes first, then Elm St.
    await browser.context.grantPermissions(['geolocation'], { origin: system.httpUrl });
    await browser.context.setGeolocation({ latitude: 40.7316, longitude: -73.9352 });
    await page.getByTestId('find-near').selectOption('anywhere');
    await page.getByTestId('find-near').selectOption('me');
    const cards = page.getByTestId('fridge-list').locator('article');
    await page.getByTestId('fridge-card-oak-st').getByTestId('distance').waitFor();
    expect(await cards.first().getAttribute('data-testid')).toBe('fridge-card-oak-st');
    expect(await page.getByTestId('fridge-card-oak-st').getByTestId('distance').textContent()).toBe(
      '110 m away',
    );
    expect(await page.getByTestId('find-problem').count()).toBe(0);
    await browser.context.clearPermissions();
    await page.close();
  });

  it('stays a list, and says so, when the tiles do not load', async () => {
    const page = await browser.context.newPage();
    await page.route(/\/\d+\/\d+\/\d+\.png$/, (route) => route.abort());
    await page.goto(`${system.httpUrl}/`);
    await page.getByTestId('map-toggle').click();
    await page.locator('[data-testid="map-panel"][data-state="failed"]').waitFor();
    expect(await page.getByTestId('map-failed').isVisible()).toBe(true);
    expect(await page.getByTestId('fridge-list').locator('article').count()).toBe(2);
    await page.close();
  });

  it('reports a broken door in one key press; the card says so and the organisers have it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/fridges/elm-st`);
    await page.getByTestId('report-brokenDoor-button').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('report-outcome').textContent())
      .toBe('Thank you: “door broken” reached the organisers.');
    await expect
      .poll(() => page.getByTestId('report-brokenDoor').textContent())
      .toBe('Reported: door broken, just now');
    const queue = await system.app.inject({
      method: 'GET',
      url: '/api/reports?status=open',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(queue.json()).toEqual([
      expect.objectContaining({ fridgeId: 'elm-st', kind: 'brokenDoor', status: 'open' }),
    ]);

    await page.getByTestId('follow-email').focus();
    await page.keyboard.type('neighbour@example.org');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('follow-outcome').textContent())
      .toMatch(/^Almost done: open the e-mail/);

    // An organiser resolves it from the Reports screen, by keyboard; the public card stops saying it.
    const organiser = await browser.context.newPage();
    await organiser.goto(`${system.httpUrl}/organise`);
    await organiser.evaluate(([key, token]) => localStorage.setItem(key, token), [
      TOKEN_STORAGE_KEY,
      ADMIN_TOKEN,
    ] as const);
    await organiser.goto(`${system.httpUrl}/organise/reports`);
    const resolve = organiser.getByRole('button', { name: 'Resolve: Door broken at Elm St fridge' });
    await resolve.waitFor();
    await resolve.focus();
    await organiser.keyboard.press('Enter');
    await organiser.getByTestId('no-open-reports').waitFor();
    expect(await organiser.getByTestId('flash').textContent()).toBe(
      'Resolved: Door broken at Elm St fridge. The public page no longer shows it.',
    );
    expect(await organiser.getByTestId('resolved-reports').textContent()).toMatch(
      /^Door broken at Elm St fridge/,
    );
    await organiser.close();
    // The live feed carries the resolved status to the open fridge page.
    await page.getByTestId('report-brokenDoor').waitFor({ state: 'detached' });
    await page.close();
  });

  it('has no serious or critical accessibility violation on the list, fridge page, status screen and organiser screens', async () => {
    const page = await browser.context.newPage();
    const pages = [
      ['/', 'list-page'],
      ['/fridges/elm-st', 'fridge-detail-elm-st'],
      ['/screen/elm-st', 'fridge-screen-elm-st'],
      ['/screen?fridges=elm-st,oak-st', 'site-screen'],
      ['/organise', null],
    ] as const;
    for (const [path, testId] of pages) {
      await page.goto(`${system.httpUrl}${path}`);
      if (testId !== null) await expect.poll(() => page.getByTestId(testId).isVisible()).toBe(true);
      else await page.waitForSelector('main h1');
      expect(await seriousViolations(page), path).toEqual([]);
    }
    // Signed in: the organiser's fridge list, alerts and a fridge's management screen.
    await page.evaluate(([key, token]) => localStorage.setItem(key, token), [
      TOKEN_STORAGE_KEY,
      ADMIN_TOKEN,
    ] as const);
    for (const path of ['/organise', '/organise/alerts', '/organise/reports', '/organise/fridges/elm-st']) {
      await page.goto(`${system.httpUrl}${path}`);
      await page.waitForSelector('main h1');
      await page.waitForLoadState('networkidle').catch(() => undefined);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.close();
  }, 90_000);
});
