import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SensorValue } from '../../../contract/payloads';
import type { GapLog } from '../../../server/domain/alerts/gapLog';
import type { FridgeAlertState } from '../../../server/domain/alerts/types';
import { AlertRepository } from '../../../server/storage/alertRepository';
import { openMemoryDatabase } from '../../../server/storage/database';
import { MIGRATIONS } from '../../../server/storage/migrations';
import { alertStateGapsSchema } from '../../../server/storage/migrations/027-alert-state-gaps';
import { context, HOUR, MINUTE, Scenario, T0 } from '../domain/alerts/fixtures';

/** The memory as it reads: gap logs by their values (two equal logs may differ in spare room). */
const asRead = (state: FridgeAlertState) => JSON.parse(JSON.stringify(state)) as unknown;

/**
 * A day and a half of one fridge: weights, door, temperature from the device (the probe's track
 * too), reports at uneven intervals, a warm spell, and a silence long enough for `deviceSilent`,
 * whose threshold comes from the learned gaps.
 */
function events(): Array<{ atMs: number; value: SensorValue | null }> {
  const list: Array<{ atMs: number; value: SensorValue | null }> = [];
  let atMs = T0;
  for (let i = 0; i < 260; i++) {
    atMs += (i % 5 === 0 ? 11 : 6) * MINUTE + (i % 7) * 1_000;
    if (i === 200) {
      // Silent for 3 hours: a tick in it raises deviceSilent, at a threshold learned from the gaps.
      for (let t = 1; t <= 9; t++) list.push({ atMs: atMs + t * 20 * MINUTE, value: null });
      atMs += 3 * HOUR;
    }
    const celsius = i >= 120 && i < 140 ? 9 : 4 + (i % 4) / 4;
    const value: SensorValue =
      i % 3 === 0
        ? { kind: 'temperature', celsius }
        : i % 3 === 1
          ? { kind: 'weight', shelfId: 's1', kg: 10 + (i % 9) }
          : { kind: 'door', open: i % 6 === 2 };
    list.push({ atMs, value });
    list.push({ atMs: atMs + 5 * MINUTE, value: null }); // a tick between readings
  }
  return list;
}

function play(scenario: Scenario, list: Array<{ atMs: number; value: SensorValue | null }>): void {
  for (const { atMs, value } of list) {
    if (value) scenario.reading(atMs, value);
    else scenario.at(atMs, { type: 'tick' });
  }
}

/** The memory saved to a fresh row and read back, with its open alerts (the feature adds them from their table). */
function restarted(repository: AlertRepository, state: FridgeAlertState): FridgeAlertState {
  repository.saveState('elm-st', state, 0);
  const loaded = repository.loadStates().get('elm-st');
  if (!loaded) throw new Error('no row');
  return { ...loaded, alerts: state.alerts };
}

describe('alert_state rows: the rules memory across a restart', () => {
  it('a restart mid-way restores exactly the memory a run without restart has, and the run goes on the same', () => {
    const list = events();
    const half = 400;
    const straight = new Scenario(context());
    play(straight, list);
    const withRestart = new Scenario(context());
    play(withRestart, list.slice(0, half));
    const memory = withRestart.state;
    withRestart.state = restarted(new AlertRepository(openMemoryDatabase()), memory);
    expect(asRead(withRestart.state)).toEqual(asRead(memory));
    expect(withRestart.state.devices['elm-sensor']?.gaps.size).toBe(150);
    play(withRestart, list.slice(half));
    expect(asRead(withRestart.state)).toEqual(asRead(straight.state));
    expect(withRestart.effects).toEqual(straight.effects);
    expect(straight.effects.map((e) => `${e.change} ${e.alert.type}`)).toContain('raised deviceSilent');
  });

  it('a save writes the gap logs as bytes, 8 a gap, and no gap numbers in the JSON', () => {
    const db = openMemoryDatabase();
    const scenario = new Scenario(context());
    play(scenario, events().slice(0, 300));
    new AlertRepository(db).saveState('elm-st', scenario.state, 0);
    const row = db.prepare('SELECT state, gaps FROM alert_state').get() as { state: string; gaps: Buffer };
    const saved = JSON.parse(row.state) as {
      devices: Record<string, { gaps: unknown }>;
      probe: { gaps: unknown };
    };
    expect(saved.devices['elm-sensor']?.gaps).toBe(0);
    expect(saved.probe.gaps).toBe(1);
    expect(row.state).not.toMatch(/\d{6,}(,\d+){10}/); // no list of numbers left in the text
    const logs = [scenario.state.devices['elm-sensor']?.gaps, scenario.state.probe?.gaps] as GapLog[];
    // A format byte and a count, then per log a width, a size, the newest end, and 4 + 4 bytes a gap.
    expect(row.gaps.byteLength).toBe(3 + logs.reduce((sum, log) => sum + 5 + 8 + 8 * log.size, 0));
    expect(row.state.length).toBeLessThan(600);
  });

  it('a fridge whose devices were never heard saves no bytes, and reads back', () => {
    const db = openMemoryDatabase();
    const scenario = new Scenario(context());
    scenario.at(T0, { type: 'tick' });
    const repository = new AlertRepository(db);
    expect(asRead(restarted(repository, scenario.state))).toEqual(asRead(scenario.state));
    expect(db.prepare('SELECT gaps FROM alert_state').get()).toEqual({ gaps: null });
  });

  it('reads rows saved before (gaps inline as { endsMs, lengthsMs } or as pairs), and the run goes on the same', () => {
    const list = events();
    const scenario = new Scenario(context());
    play(scenario, list.slice(0, 300));
    const { alerts: _alerts, ...memory } = scenario.state;
    // The form every earlier version wrote: JSON.stringify of the memory, the logs via GapLog.toJSON.
    const inline = JSON.stringify(memory);
    const device = scenario.state.devices['elm-sensor'] as { gaps: GapLog };
    const pairs = JSON.stringify({
      ...memory,
      devices: {
        'elm-sensor': { ...device, gaps: device.gaps.endsMs.map((at, i) => [at, device.gaps.lengthsMs[i]]) },
      },
    });
    for (const text of [inline, pairs]) {
      const db = openMemoryDatabase();
      db.prepare('INSERT INTO alert_state (fridge_id, state) VALUES (?, ?)').run('elm-st', text);
      const loaded = new AlertRepository(db).loadStates().get('elm-st') as FridgeAlertState;
      expect(asRead(loaded)).toEqual(asRead({ ...scenario.state, alerts: {} }));
      const resumed = new Scenario(context());
      resumed.state = { ...loaded, alerts: scenario.state.alerts };
      const straight = new Scenario(context());
      straight.state = scenario.state;
      play(resumed, list.slice(300));
      play(straight, list.slice(300));
      expect(asRead(resumed.state)).toEqual(asRead(straight.state));
    }
  });

  it('migration 027 keeps the rows an upgraded site saved; they take the new form at their next save', () => {
    const db = new Database(':memory:');
    const at = MIGRATIONS.indexOf(alertStateGapsSchema);
    expect(at).toBeGreaterThan(0);
    for (const step of MIGRATIONS.slice(0, at)) db.exec(step);
    const scenario = new Scenario(context());
    play(scenario, events().slice(0, 300));
    const { alerts: _alerts, ...memory } = scenario.state;
    db.prepare('INSERT INTO alert_state (fridge_id, state) VALUES (?, ?)').run(
      'elm-st',
      JSON.stringify(memory),
    );
    // 027 and every later step (028 adds the reading each row includes: 0 for this one).
    for (const step of MIGRATIONS.slice(at)) db.exec(step);
    const repository = new AlertRepository(db);
    const loaded = repository.loadStates().get('elm-st') as FridgeAlertState;
    expect(asRead(loaded)).toEqual(asRead({ ...scenario.state, alerts: {} }));
    repository.saveState('elm-st', loaded, 0);
    const row = db.prepare('SELECT state, gaps FROM alert_state').get() as {
      state: string;
      gaps: Buffer | null;
    };
    expect(row.gaps).not.toBeNull();
    expect(row.state).not.toContain('endsMs');
    expect(asRead(repository.loadStates().get('elm-st') as FridgeAlertState)).toEqual(asRead(loaded));
  });
});
