import { describe, expect, it } from 'vitest';
import { dashboardInChromium } from '../helpers/dashboardInChromium';
import { ADMIN_TOKEN } from '../helpers/testSystem';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 5_000 });
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('the organiser volunteer form in headless Chromium', () => {
  const env = dashboardInChromium();

  it('adds a Spanish-speaking volunteer with every section of the form, then edits her', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.system.httpUrl}/organise/add-volunteer`);
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('volunteer-name').fill('Ana');
    await page.getByTestId('volunteer-id').fill('ana');
    await page.getByRole('radio', { name: /^Organiser/ }).check();
    await page.getByTestId('volunteer-language').selectOption('es');
    await page.getByTestId('volunteer-email').fill('ana@example.org');
    await page.getByTestId('volunteer-fridge-elm-st').check();
    await page.getByLabel('From', { exact: true }).fill('22:00');
    await page.getByLabel('To', { exact: true }).fill('07:00');
    await page.getByTestId('save-volunteer').click();
    await poll(
      async () => (await env.system.app.inject({ url: '/api/volunteers/ana', headers: auth })).statusCode,
    ).toBe(200);
    const added = (await env.system.app.inject({ url: '/api/volunteers/ana', headers: auth })).json();
    expect(added).toMatchObject({
      name: 'Ana',
      role: 'organiser',
      language: 'es',
      fridgeIds: ['elm-st'],
      channels: [{ type: 'email', address: 'ana@example.org' }],
      quietHours: { from: '22:00', to: '07:00' },
    });

    // Editing: no id field; the language change is saved.
    await page.goto(`${env.system.httpUrl}/organise/volunteers/ana`);
    await poll(() => page.getByTestId('volunteer-name').inputValue()).toBe('Ana');
    expect(await page.getByTestId('volunteer-id').count()).toBe(0);
    await page.getByTestId('volunteer-language').selectOption('en');
    await page.getByTestId('save-volunteer').click();
    await poll(
      async () =>
        (await env.system.app.inject({ url: '/api/volunteers/ana', headers: auth })).json().language,
    ).toBe('en');
    await page.close();
  });
});
