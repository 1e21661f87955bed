import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitForm } from '../helpers/claimPage';
import { Mailbox } from '../helpers/mailbox';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, elmStreet, tempDataDir } from '../helpers/testSystem';

/** Tuesday 1 December 2026, 09:00 UTC, whatever the wall clock says. */
const TUESDAY_MORNING = Date.UTC(2026, 11, 1, 9, 0);
const HOUR_MS = 3_600_000;
const ANA = 'ana@example.org';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

const needsLinkIn = (text: string): string => {
  const match = /Update what this fridge needs: (https?:\/\/\S+\/needs\/[a-z0-9-]+\/[A-Za-z0-9._-]+)/.exec(
    text,
  );
  if (!match?.[1]) throw new Error(`no needs link in:\n${text}`);
  return match[1];
};

describe('a volunteer sets what a fridge needs through a signed link (real SMTP server)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: RestockSystem;

  beforeEach(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    system = await startRestockSystem(
      data.dir,
      { smtp: mailbox.smtpConfig() },
      { clock: new TestClock(TUESDAY_MORNING), autoDeliver: false },
    );
    await system.createFridge(elmStreet);
    const added = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: { id: 'ana', name: 'Ana', channels: [{ type: 'email', address: ANA }], fridgeIds: ['elm-st'] },
    });
    expect(added.statusCode).toBe(201);
  });
  afterEach(async () => {
    await system.stop();
    await mailbox.stop();
    data.remove();
  });

  /** An organiser asks for a restock; Ana's notice carries her needs link. */
  async function needsLinkFromNotice(): Promise<string> {
    const raised = await system.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: auth,
      payload: { fridgeId: 'elm-st' },
    });
    expect(raised.statusCode).toBe(201);
    await system.notifications.runDue();
    const [mail] = await mailbox.waitFor(ANA);
    return needsLinkIn(mail?.text ?? '');
  }

  const needs = async () => (await system.fridge('elm-st')).needs;
  const NOTHING_SET = { categories: [], note: null, updatedAt: null };

  it("shows the form on GET and changes nothing; the button saves, and the fridge's public status carries it", async () => {
    const link = await needsLinkFromNotice();
    for (let i = 0; i < 3; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('What Elm St fridge needs');
      expect(html).toContain('name="need-produce"');
    }
    expect(await needs()).toEqual(NOTHING_SET);

    const saved = await submitForm(link, 'need-produce=on&need-bread=on&note=Fresh+bread+welcome');
    expect(saved.status).toBe(200);
    const html = await saved.text();
    expect(html).toContain('Saved: the fridge page shows it now.');
    expect(html).toMatch(/name="need-bread" value="on" checked/);
    expect(await needs()).toEqual({
      categories: ['produce', 'bread'],
      note: 'Fresh bread welcome',
      updatedAt: new Date(TUESDAY_MORNING).toISOString(),
    });
    // Unticked boxes clear: the form is the whole list.
    expect((await submitForm(link, 'need-dairy=on')).status).toBe(200);
    expect(await needs()).toMatchObject({ categories: ['dairy'], note: null });
  });

  it('refuses a tampered (403) or revoked (403) link, and one for a fridge she no longer looks after, changing nothing', async () => {
    const link = await needsLinkFromNotice();
    const tampered = await submitForm(`${link.slice(0, -2)}xx`, 'need-produce=on');
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('Nothing was changed.');
    expect((await fetch(`${link.slice(0, -2)}xx`)).status).toBe(403);
    // Her link for Elm St does not open another fridge's list.
    await system.createFridge({ ...elmStreet, id: 'oak-st', name: 'Oak St fridge' });
    const elsewhere = link.replace('/needs/elm-st/', '/needs/oak-st/');
    expect(elsewhere).not.toBe(link);
    expect((await submitForm(elsewhere, 'need-produce=on')).status).toBe(403);
    expect((await system.fridge('oak-st')).needs).toEqual(NOTHING_SET);

    const revoked = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers/ana/revoke-links',
      headers: auth,
    });
    expect(revoked.statusCode).toBe(200);
    expect((await submitForm(link, 'need-produce=on')).status).toBe(403);
    expect(await needs()).toEqual(NOTHING_SET);

    // A fresh link (her key changed), then she stops looking after Elm St.
    const prefs = await fetch(
      `${system.httpUrl}/preferences/${system.notifications.preferencesToken('ana')}`,
    );
    const fresh = /href="(https?:\/\/[^"]+\/needs\/[^"]+)"/.exec(await prefs.text())?.[1] ?? '';
    expect(fresh).toMatch(/\/needs\//);
    expect((await fetch(fresh)).status).toBe(200);
    const moved = await system.app.inject({
      method: 'PATCH',
      url: '/api/volunteers/ana',
      headers: auth,
      payload: { fridgeIds: [] },
    });
    expect(moved.statusCode).toBe(200);
    expect((await submitForm(fresh, 'need-produce=on')).status).toBe(403);
    expect(await needs()).toEqual(NOTHING_SET);
  });

  it('works for a fridge whose id is 64 characters, the longest a fridge id may be', async () => {
    const longId = `f${'-longer'.repeat(9)}`;
    expect(longId).toHaveLength(64);
    await system.createFridge({ ...elmStreet, id: longId, name: 'Long Lane fridge' });
    const assigned = await system.app.inject({
      method: 'PATCH',
      url: '/api/volunteers/ana',
      headers: auth,
      payload: { fridgeIds: [longId] },
    });
    expect(assigned.statusCode).toBe(200);
    const raised = await system.app.inject({
      method: 'POST',
      url: '/api/restock-requests',
      headers: auth,
      payload: { fridgeId: longId },
    });
    expect(raised.statusCode).toBe(201);
    await system.notifications.runDue();
    const [mail] = await mailbox.waitFor(ANA);
    const link = needsLinkIn(mail?.text ?? '');
    expect(new URL(link).pathname.split('/')[2]).toBe(longId);

    const form = await fetch(link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('What Long Lane fridge needs');
    const saved = await submitForm(link, 'need-drinks=on&note=Water+please');
    expect(saved.status).toBe(200);
    expect((await system.fridge(longId)).needs).toMatchObject({
      categories: ['drinks'],
      note: 'Water please',
    });
    expect(await needs()).toEqual(NOTHING_SET);
  });

  it('refuses an expired link with 410', async () => {
    const link = await needsLinkFromNotice();
    system.clock.advance(37 * HOUR_MS); // claim links, and the needs link beside them, last 36 h
    const expired = await submitForm(link, 'need-produce=on');
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
    expect((await fetch(link)).status).toBe(410);
    expect(await needs()).toEqual(NOTHING_SET);
  });
});
