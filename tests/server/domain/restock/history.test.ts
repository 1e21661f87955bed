import { describe, expect, it } from 'vitest';
import { summarizeRequests } from '../../../../server/domain/restock/history';
import { MINUTE, restockRequest, T0 } from './fixtures';

describe('the figures an organiser reports', () => {
  it('gives the median time to claim and to fulfil, and the food added', () => {
    const summary = summarizeRequests([
      restockRequest({
        status: 'fulfilled',
        firstClaimedAtMs: T0 + 10 * MINUTE,
        closedAtMs: T0 + 70 * MINUTE,
        fulfilment: { kgAdded: 6.5, via: 'level', volunteerId: 'ana' },
      }),
      restockRequest({
        status: 'fulfilled',
        firstClaimedAtMs: T0 + 20 * MINUTE,
        closedAtMs: T0 + 50 * MINUTE,
        fulfilment: { kgAdded: 3, via: 'door-session', volunteerId: null },
      }),
      restockRequest({ status: 'expired', closedAtMs: T0 + 1440 * MINUTE }),
      restockRequest({ status: 'claimed', firstClaimedAtMs: T0 + 40 * MINUTE }),
      restockRequest({ status: 'cancelled', closedAtMs: T0 + 5 * MINUTE }),
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
