import { describe, expect, it, vi } from 'vitest';
import type { RestockRequest } from '../../../server/domain/restock/types';
import { openMemoryDatabase } from '../../../server/storage/database';
import { RestockRepository } from '../../../server/storage/restockRepository';
import { T0 as OPENED_AT_MS, restockRequest } from '../domain/restock/fixtures';

const request = (overrides: Partial<RestockRequest> = {}) =>
  restockRequest({ fridgeId: 'oak', id: 'req-1', nextNoticeAtMs: OPENED_AT_MS + 30 * 60_000, ...overrides });

describe('RestockRepository: the watch and request writes of every status change', () => {
  it('upserts watches and requests, read back by loadStates, without compiling SQL per write', () => {
    const db = openMemoryDatabase();
    const repository = new RestockRepository(db);
    const prepare = vi.spyOn(db, 'prepare');

    repository.saveWatch('oak', { lowSinceMs: OPENED_AT_MS, pausedUntilMs: null, active: null });
    repository.saveRequest(request());
    // The same fridge and request again: an update, not a second row.
    repository.saveWatch('oak', { lowSinceMs: null, pausedUntilMs: OPENED_AT_MS + 60_000, active: null });
    repository.saveRequest(request({ status: 'claimed', nextNoticeAtMs: null }));
    repository.saveWatch('elm', { lowSinceMs: OPENED_AT_MS - 1, pausedUntilMs: null, active: null });
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();

    const states = repository.loadStates();
    expect(states.get('oak')).toEqual({
      lowSinceMs: null,
      pausedUntilMs: OPENED_AT_MS + 60_000,
      active: request({ status: 'claimed', nextNoticeAtMs: null }),
    });
    expect(states.get('elm')).toEqual({ lowSinceMs: OPENED_AT_MS - 1, pausedUntilMs: null, active: null });
    expect(db.prepare('SELECT COUNT(*) FROM restock_requests').pluck().get()).toBe(1);

    // Closed: kept as history, no longer the fridge's active request.
    repository.saveRequest(request({ status: 'fulfilled', closedAtMs: OPENED_AT_MS + 3_600_000 }));
    expect(repository.loadStates().get('oak')?.active).toBeNull();
    expect(repository.get('req-1')?.status).toBe('fulfilled');
  });
});
