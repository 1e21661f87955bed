import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY } from '../../dashboard/src/organiser/session';
import { launchChromium } from '../helpers/browser';
import { seriousViolations, startTileServer, type TileServer } from '../helpers/mapPage';
import { ADMIN_TOKEN, elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

const center = async (page: Page, selector: string) => {
  const box = await page.locator(selector).boundingBox();
  if (box === null) throw new Error(`${selector} is not shown`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, bottom: box.y + box.height };
};

describe("a fridge's place and hours: the organiser's map picker, the list's own clock (headless Chromium)", () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let tiles: TileServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const oakSt = { lat: 40.7306, lon: -73.9352 };

  beforeAll(async () => {
    tiles = await startTileServer();
    data = tempDataDir();
    system = await startTestSystem(data.dir, { mapTileUrl: tiles.url }, { dashboardDir });
    await system.createFridge({ ...elmStreet, address: '1 Elm St' });
    // Open until 10:30 on Tuesdays; the test clock starts on Tuesday 1 December 2026, 10:00 UTC.
    await system.createFridge({
      ...elmStreet,
      id: 'oak-st',
      name: 'Oak St fridge',
      location: oakSt,
      openingHours: { tu: [{ from: '08:00', to: '10:30' }] },
    });
    browser = await launchChromium({ clock: system.clock });
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await tiles?.close();
    data.remove();
  });

  it('picks the point by click, drag, arrow keys and typing, names the field of a bad coordinate, and saves', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${system.httpUrl}/organise`);
    await page.evaluate(([key, token]) => localStorage.setItem(key, token), [
      TOKEN_STORAGE_KEY,
      ADMIN_TOKEN,
    ] as const);
    await page.goto(`${system.httpUrl}/organise/fridges/elm-st`);
    const lat = page.getByTestId('place-lat');
    const lon = page.getByTestId('place-lon');
    await page.getByTestId('place-map-toggle').click();
    await poll(() => page.locator('[data-testid="place-map"].leaflet-container').count()).toBe(1);
    await poll(() => tiles.requests()).toBeGreaterThan(0);

    // No point yet: the map opens on the other fridges (Oak St alone), so its centre is Oak St.
    const map = await center(page, '[data-testid="place-map"]');
    await page.mouse.click(map.x, map.y);
    await poll(async () => Math.abs(Number(await lat.inputValue()) - oakSt.lat)).toBeLessThan(0.0005);
    expect(Math.abs(Number(await lon.inputValue()) - oakSt.lon)).toBeLessThan(0.0005);
    const pin = page.locator('.place-pin');
    expect(await pin.count()).toBe(1);

    // The marker by keyboard: east moves the longitude, north the latitude, nothing else.
    const [lat0, lon0] = [Number(await lat.inputValue()), Number(await lon.inputValue())];
    await pin.focus();
    await page.keyboard.press('ArrowRight');
    await poll(async () => Number(await lon.inputValue())).toBeGreaterThan(lon0);
    expect(Number(await lat.inputValue())).toBeCloseTo(lat0, 5);
    await page.keyboard.press('Shift+ArrowUp');
    await poll(async () => Number(await lat.inputValue())).toBeGreaterThan(lat0);

    // Dragged 60 px west with the mouse.
    const lon1 = Number(await lon.inputValue());
    const grip = await center(page, '.place-pin');
    await page.mouse.move(grip.x, grip.y);
    await page.mouse.down();
    await page.mouse.move(grip.x - 30, grip.y, { steps: 5 });
    await page.mouse.move(grip.x - 60, grip.y, { steps: 5 });
    await page.mouse.up();
    await poll(async () => Number(await lon.inputValue())).toBeLessThan(lon1);

    // Typed far away (London): the map follows and the pin's tip is at the map's centre.
    await lat.fill('51.5072');
    await lon.fill('-0.1276');
    await poll(async () => {
      const tip = await center(page, '.place-pin');
      const middle = await center(page, '[data-testid="place-map"]');
      return Math.hypot(tip.x - middle.x, tip.bottom - middle.y);
    }).toBeLessThan(3);

    // A latitude off the Earth: said at once beside the map, and next to the field on saving.
    await lat.fill('95');
    await poll(() => page.getByTestId('place-map-problem').textContent()).toBe(
      'The map keeps the last valid point. Latitude: 95 is outside -90 to 90 degrees.',
    );
    await page.getByTestId('save-place').click();
    await poll(() => page.getByTestId('place-lat-error').textContent()).toBe(
      'Latitude: 95 is outside -90 to 90 degrees.',
    );
    expect(await lat.getAttribute('aria-invalid')).toBe('true');
    expect((await system.fridge('elm-st')).location).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);

    // The centre button: what a keyboard user presses after panning the map with the arrow keys.
    await page.getByTestId('place-map-centre').click();
    await poll(async () => Number(await lat.inputValue())).toBeCloseTo(51.5072, 3);
    await page.getByTestId('save-place').click();
    await poll(() => page.getByTestId('place-status').textContent()).toBe('Saved.');
    const saved = (await system.fridge('elm-st')).location;
    expect(saved?.lat).toBeCloseTo(51.5072, 3);
    expect(saved?.lon).toBeCloseTo(-0.1276, 3);
    await page.close();
  }, 60_000);

  it('turns "open now" to "closed now" at closing time by the page clock, with no push from the server', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/`);
    const badge = page.getByTestId('fridge-card-oak-st').getByTestId('open-now');
    await poll(() => badge.getAttribute('data-open')).toBe('true');

    await page.clock.fastForward('31:00');
    await poll(() => badge.getAttribute('data-open')).toBe('false');
    expect(await badge.textContent()).toBe('Closed now');
    // The server's status was made before 10:30 on its own clock and still says open.
    const status = await system.app.inject({ method: 'GET', url: '/api/fridges/oak-st' });
    expect(status.json().openNow).toBe(true);
    await page.close();
  });
});
