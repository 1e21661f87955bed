import { describe, expect, it } from 'vitest';
import { dashboardInChromium } from '../helpers/dashboardInChromium';

describe('the Content-Security-Policy in a real browser', () => {
  const env = dashboardInChromium();

  it('lets the built dashboard load its script, stylesheet, icon, API and live feed with no violation', async () => {
    const page = await env.browser.context.newPage();
    // Recorded from the first byte: the browser reports every blocked load as an event.
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${env.system.httpUrl}/`);
    const card = page.getByTestId('fridge-card-elm-st');
    await expect.poll(() => card.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-connection')).toBe('live');
    const styled = await page.evaluate(
      () => document.styleSheets.length > 0 && document.styleSheets[0]?.cssRules.length,
    );
    expect(styled).toBeGreaterThan(0);
    const violations = await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    );
    expect(violations).toEqual([]);
    expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.close();
  });

  it('blocks an injected inline script', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.system.httpUrl}/`);
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await page.close();
  });
});
