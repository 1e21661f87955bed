import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { ADMIN_TOKEN, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');
const FRIDGES = 120;

describe('the public list a page at a time (headless Chromium)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, {}, { dashboardDir });
    const imported = await system.app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: {
        fridges: Array.from({ length: FRIDGES }, (_, i) => ({
          id: `fridge-${i}`,
          name: `Fridge number ${String(i).padStart(3, '0')}`,
          kind: 'fridge',
          shelves: [],
          location: { lat: 40.7 + i / 1000, lon: -74 },
        })),
      },
    });
    expect(imported.statusCode, imported.body).toBe(201);
    browser = await launchChromium({ clock: system.clock });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    data.remove();
  });

  it('shows 50 cards, loads 50 more by keyboard with focus on the first new one, and searches them all', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${system.httpUrl}/`);
    const cards = page.getByTestId('fridge-list').locator('article');
    await expect.poll(() => cards.count()).toBe(50);
    expect(await page.getByTestId('find-count').textContent()).toBe(`${FRIDGES} places`);
    const more = page.getByRole('button', { name: `Show 50 more (of ${FRIDGES})` });
    const firstPage = await cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-testid')));

    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBe(100);
    expect(await page.getByTestId('list-showing').textContent()).toBe(`Showing 100 of ${FRIDGES} places`);
    // Focus on the first card added, so the keyboard goes on from where the reading stopped.
    const focused = await page.evaluate(() =>
      document.activeElement?.querySelector('article')?.getAttribute('data-testid'),
    );
    expect(focused).toBe(await cards.nth(50).getAttribute('data-testid'));
    expect(firstPage).not.toContain(focused);

    // The last page holds the remaining 20, then the button goes.
    await page.getByRole('button', { name: `Show 20 more (of ${FRIDGES})` }).click();
    await expect.poll(() => cards.count()).toBe(FRIDGES);
    expect(await page.getByTestId('show-more').count()).toBe(0);

    // A fresh page: search finds a fridge that was not on the first page, and paging starts over.
    await page.reload();
    await expect.poll(() => cards.count()).toBe(50);
    const shownIds = new Set(
      await cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-testid'))),
    );
    const beyond = Array.from({ length: FRIDGES }, (_, i) => i).find(
      (i) => !shownIds.has(`fridge-card-fridge-${i}`),
    ) as number;
    await page.getByTestId('find-search').fill(`number ${String(beyond).padStart(3, '0')}`);
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().getAttribute('data-testid')).toBe(`fridge-card-fridge-${beyond}`);
    expect(await page.getByTestId('show-more').count()).toBe(0);
    await page.getByTestId('find-search').fill('');
    await expect.poll(() => cards.count()).toBe(50);
    await page.close();
  });
});
