import { describe, expect, it, vi } from 'vitest';
import { AlertRepository } from '../../../server/storage/alertRepository';
import { openMemoryDatabase } from '../../../server/storage/database';
import { HOUR, Scenario, T0 } from '../domain/alerts/fixtures';

describe('AlertRepository: the writes of every alert change and every periodic save', () => {
  it('upserts alerts and rule memory, read back, without compiling SQL per write', () => {
    // Two warm hours raise tooWarm; cool again, it clears: each change is a write of the same alert.
    const scenario = new Scenario();
    scenario.temperatures(T0, T0 + 2 * HOUR, () => 9);
    scenario.temperatures(T0 + 2 * HOUR, T0 + 3 * HOUR, () => 4);
    scenario.runUntil(T0 + 4 * HOUR);
    const changes = scenario.effects.filter((effect) => effect.alert.type === 'tooWarm');
    expect(changes.length).toBeGreaterThanOrEqual(2);

    const db = openMemoryDatabase();
    const repository = new AlertRepository(db);
    const prepare = vi.spyOn(db, 'prepare');
    for (const effect of changes) repository.saveAlert(effect.alert);
    repository.saveState('elm-st', scenario.state, 41);
    repository.saveState('oak', scenario.state, 42);
    repository.saveState('elm-st', scenario.state, 43);
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();

    // The last change wins: one row per alert, one per fridge.
    const last = changes.at(-1)?.alert;
    expect(last).toBeDefined();
    expect(repository.get(last?.id ?? '')).toEqual(last);
    expect(db.prepare('SELECT COUNT(*) FROM alerts').pluck().get()).toBe(1);
    const saved = repository.loadMemory();
    expect([...saved.states.keys()].sort()).toEqual(['elm-st', 'oak']);
    expect(saved.rowUpTo.get('elm-st')).toBe(43);
    expect(saved.states.get('elm-st')?.alerts).toEqual({});
    expect(saved.states.get('elm-st')?.temperature.last).toEqual(scenario.state.temperature.last);
  });
});
