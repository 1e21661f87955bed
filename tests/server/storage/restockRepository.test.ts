import { describe, expect, it, vi } from 'vitest';
import { openMemoryDatabase } from '../../../server/storage/database';
import { RestockRepository } from '../../../server/storage/restockRepository';
import { restockRequest, T0 } from '../domain/restock/fixtures';

describe('RestockRepository: the watch and request writes of every status change', () => {
  it('upserts watches and requests, read back by loadStates, without compiling SQL per write', () => {
    const db = openMemoryDatabase();
    const repository = new RestockRepository(db);
    const prepare = vi.spyOn(db, 'prepare');

    repository.saveWatch('elm-st', { lowSinceMs: T0, pausedUntilMs: null, active: null });
    repository.saveRequest(restockRequest());
    // The same fridge and request again: an update, not a second row.
    repository.saveWatch('elm-st', { lowSinceMs: null, pausedUntilMs: T0 + 60_000, active: null });
    repository.saveRequest(restockRequest({ status: 'claimed' }));
    repository.saveWatch('oak', { lowSinceMs: T0 - 1, pausedUntilMs: null, active: null });
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();

    const states = repository.loadStates();
    expect(states.get('elm-st')).toEqual({
      lowSinceMs: null,
      pausedUntilMs: T0 + 60_000,
      active: restockRequest({ status: 'claimed' }),
    });
    expect(states.get('oak')).toEqual({ lowSinceMs: T0 - 1, pausedUntilMs: null, active: null });
    expect(db.prepare('SELECT COUNT(*) FROM restock_requests').pluck().get()).toBe(1);

    // Closed: kept as history, no longer the fridge's active request.
    repository.saveRequest(restockRequest({ status: 'fulfilled', closedAtMs: T0 + 3_600_000 }));
    expect(repository.loadStates().get('elm-st')?.active).toBeNull();
    expect(repository.get('r-1')?.status).toBe('fulfilled');
  });
});
