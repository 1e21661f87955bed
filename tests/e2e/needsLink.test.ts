import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { Mailbox } from '../helpers/mailbox';
import { ADMIN_TOKEN, elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

const dashboardDir = join(process.cwd(), 'dashboard', 'dist');
const ANA = 'ana@example.org';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('a volunteer updates what a fridge needs from the link in her notice (headless Chromium)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: TestSystem;

  beforeAll(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    system = await startTestSystem(data.dir, { smtp: mailbox.smtpConfig() }, { dashboardDir });
    await system.createFridge(elmStreet);
    const added = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: { id: 'ana', name: 'Ana', channels: [{ type: 'email', address: ANA }], fridgeIds: ['elm-st'] },
    });
    expect(added.statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.stop();
    await mailbox?.stop();
    data.remove();
  });

  it('opens the form (nothing changes), ticks and saves, and the fridge page shows the list', async () => {
    const raised = await system.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: auth,
      payload: { fridgeId: 'elm-st' },
    });
    expect(raised.statusCode).toBe(201);
    const [mail] = await mailbox.waitFor(ANA, 1, 15_000);
    const link = /Update what this fridge needs: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(link).toMatch(/\/needs\//);

    const browser = await launchChromium({ clock: system.clock, locale: 'en-GB' });
    try {
      const page = await browser.context.newPage();
      await page.goto(link);
      expect(await page.locator('h1').textContent()).toBe('What Elm St fridge needs');
      expect((await system.fridge('elm-st')).needs.categories).toEqual([]);

      await page.getByLabel('Fruit and vegetables').check();
      await page.getByLabel('Baby food').check();
      await page.getByLabel(/A short note/).fill('Nappies size 3 too');
      await page.getByRole('button', { name: 'Save what is needed' }).click();
      await expect.poll(() => page.getByText('Saved: the fridge page shows it now.').count()).toBe(1);
      expect(await page.getByLabel('Baby food').isChecked()).toBe(true);

      await page.goto(`${system.httpUrl}/fridges/elm-st`);
      await expect.poll(() => page.getByTestId('need-produce').textContent()).toBe('Fruit and vegetables');
      expect(await page.getByTestId('needs').textContent()).toBe(
        'Needed here: Fruit and vegetables · Baby food — Nappies size 3 too',
      );
      expect(await page.getByTestId('needs-note').textContent()).toBe('Nappies size 3 too');
      await page.close();
    } finally {
      await browser.close();
    }
  });
});
