import { describe, expect, it } from 'vitest';
import { summarizeRequests } from '../../../../server/domain/restock/history';
import type { RestockRequest } from '../../../../server/domain/restock/types';
import { MINUTE, T0 } from './fixtures';

function request(overrides: Partial<RestockRequest>): RestockRequest {
  return {
    id: 'r-1',
    fridgeId: 'elm-st',
    status: 'open',
    reason: 'low-stock',
    openedAtMs: T0,
    levelAtOpen: 'few',
    kgAtOpen: 8,
    lowestKg: 8,
    circle: 0,
    nextNoticeAtMs: null,
    expiresAtMs: T0 + 24 * 60 * MINUTE,
    claim: null,
    firstClaimedAtMs: null,
    claimHistory: [],
    closedAtMs: null,
    fulfilment: null,
    ...overrides,
  };
}

describe('the figures an organiser reports', () => {
  it('gives the median time to claim and to fulfil, and the food added', () => {
    const summary = summarizeRequests([
      request({
        status: 'fulfilled',
        firstClaimedAtMs: T0 + 10 * MINUTE,
        closedAtMs: T0 + 70 * MINUTE,
        fulfilment: { kgAdded: 6.5, via: 'level', volunteerId: 'ana' },
      }),
      request({
        status: 'fulfilled',
        firstClaimedAtMs: T0 + 20 * MINUTE,
        closedAtMs: T0 + 50 * MINUTE,
        fulfilment: { kgAdded: 3, via: 'door-session', volunteerId: null },
      }),
      request({ status: 'expired', closedAtMs: T0 + 1440 * MINUTE }),
      request({ status: 'claimed', firstClaimedAtMs: T0 + 40 * MINUTE }),
      request({ status: 'cancelled', closedAtMs: T0 + 5 * MINUTE }),
    ]);
    expect(summary).toEqual({
      requests: 5,
      open: 1,
      fulfilled: 2,
      cancelled: 1,
      expired: 1,
      medianMinutesToClaim: 20,
      medianMinutesToFulfil: 60,
      kgAdded: 9.5,
    });
  });

  it('has no medians without data', () => {
    expect(summarizeRequests([])).toMatchObject({
      requests: 0,
      medianMinutesToClaim: null,
      medianMinutesToFulfil: null,
    });
  });
});
