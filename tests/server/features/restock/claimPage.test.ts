import { describe, expect, it } from 'vitest';
import type { RestockRequest } from '../../../../server/domain/restock/types';
import { type ClaimPageFacts, linkPage } from '../../../../server/features/restock/claimPage';
import { wordsFor } from '../../../../server/i18n';
import { restockRequest } from '../../domain/restock/fixtures';

const OPENED_AT_MS = Date.UTC(2026, 11, 1, 16, 0);
const request = restockRequest({
  id: 'r-0123456789ab',
  openedAtMs: OPENED_AT_MS,
  kgAtOpen: 9,
  lowestKg: 9,
  expiresAtMs: OPENED_AT_MS + 86_400_000,
});
const facts = (changes: Partial<RestockRequest>, claimerName: string | null = null): ClaimPageFacts => ({
  request: { ...request, ...changes },
  fridgeName: 'Elm St fridge',
  address: '12 Elm St',
  volunteerId: 'ben',
  volunteerName: 'Ben',
  need: 'It is down to a few items (9 kg of 40 kg).',
  claimerName,
  timeZone: 'UTC',
  token: 'c.abc.r-0123456789ab.ben.sig',
  words: wordsFor('en'),
});
const claimBy = (volunteerId: string) => ({
  volunteerId,
  claimedAtMs: OPENED_AT_MS,
  etaMs: Date.UTC(2026, 11, 1, 17, 30),
  remindedAtMs: null,
  reopenAtMs: null,
});
const CLAIM_BUTTON =
  /<form method="post" action="\/claim\/c\.abc\.r-0123456789ab\.ben\.sig"><input type="hidden" name="action" value="claim">\s*<button type="submit" class="big">I'll restock it<\/button>/;

describe('the page a claim link opens', () => {
  it('shows an open request with what it needs and one button that posts the claim', () => {
    const page = linkPage(facts({}));
    expect(page.status).toBe(200);
    expect(page.title).toBe('Elm St fridge needs restocking');
    expect(page.html).toContain('It is down to a few items (9 kg of 40 kg).');
    expect(page.html).toContain('12 Elm St');
    expect(page.html).toMatch(CLAIM_BUTTON);
    expect(page.html).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('shows who is on it, with no button, when someone else claimed it', () => {
    const page = linkPage(facts({ status: 'claimed', claim: claimBy('ana') }, 'Ana'));
    expect(page.html).toContain('Already claimed by Ana, ETA 17:30');
    expect(page.html).not.toMatch(CLAIM_BUTTON);
  });

  it('shows the claimer their claim with the ETA and release buttons', () => {
    const page = linkPage(facts({ status: 'claimed', claim: claimBy('ben') }));
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="action" value="release"');
    expect(page.html).not.toMatch(CLAIM_BUTTON);
  });

  it('says a closed request is over, with no button', () => {
    for (const status of ['fulfilled', 'cancelled', 'expired'] as const) {
      const page = linkPage(facts({ status, closedAtMs: OPENED_AT_MS + 3_600_000 }));
      expect(page.status).toBe(409);
      expect(page.html).not.toMatch(CLAIM_BUTTON);
    }
  });
});
