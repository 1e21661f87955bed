import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SensorValue } from '../../../contract/payloads';
import { SNAPSHOT_MS } from '../../../server/features/alerts/alertSnapshots';
import { SettingsStore } from '../../../server/storage/settingsStore';
import { AlertRulesOn, afterCrash, alertSiteDb, type RuleReading } from '../../helpers/alertRules';
import { TestClock } from '../../helpers/testClock';
import { TEST_START_MS } from '../../helpers/testSystem';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** A probe reporting every 20 s. */
const PROBE_EVERY_MS = 20 * SECOND;

/** The periodic save's interval and its slices (setImmediate) run when the test moves them. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const temperature = (fridgeId: string, atMs: number, celsius: number): RuleReading => ({
  fridgeId,
  deviceId: null,
  value: { kind: 'temperature', celsius },
  measuredAtMs: atMs,
  receivedAtMs: atMs,
  late: false,
});

/** The warm run's warmest reading. */
const PEAK_AT = TEST_START_MS + 32 * MINUTE + 40 * SECOND;

/**
 * Elm St at 4 °C for 2 min 20 s, then at 6.5 °C (from TEST_START_MS + 2:20): the warm run, with
 * one reading of 7.5 °C at 32:40.
 */
function elmReadings(untilMs: number): RuleReading[] {
  const list: RuleReading[] = [];
  for (let at = TEST_START_MS; at < untilMs; at += PROBE_EVERY_MS) {
    const celsius = at < TEST_START_MS + 2 * MINUTE + 20 * SECOND ? 4 : at === PEAK_AT ? 7.5 : 6.5;
    list.push(temperature('elm-st', at, celsius));
  }
  return list;
}

/**
 * Feeds `readings` live, moving the clock to each and running the periodic save whenever a
 * minute passes (its interval and slices), as the server would.
 */
function live(run: AlertRulesOn, readings: readonly RuleReading[]): void {
  for (const reading of readings) {
    const before = run.clock.ms;
    run.clock.ms = reading.receivedAtMs;
    vi.advanceTimersByTime(run.clock.ms - before);
    run.reading(reading);
  }
}

const raisedAt = (run: AlertRulesOn) =>
  (run.storedAlerts() as Array<{ type: string; raisedAtMs: number }>)
    .filter((a) => a.type === 'tooWarm')
    .map((a) => a.raisedAtMs);

describe('alert rules after a crash: the readings the saved memory lacks are replayed', () => {
  const crashAt = TEST_START_MS + 2 * MINUTE + 50 * SECOND;
  const until = TEST_START_MS + 36 * MINUTE;

  /** The run without a crash, and the crashed one restarted at `restartAt`, fed the same readings. */
  function bothRuns(crashMs: number, restartAt: number) {
    const all = elmReadings(until);
    const ids = { next: 0 };
    const straight = new AlertRulesOn(alertSiteDb(['elm-st']), new TestClock(TEST_START_MS), { ...ids });
    straight.feature.start();
    const first = new AlertRulesOn(alertSiteDb(['elm-st']), new TestClock(TEST_START_MS), ids);
    first.feature.start();
    live(
      first,
      all.filter((r) => r.receivedAtMs < crashMs),
    );
    // kill -9: the file as it is; the stop below writes only to the abandoned copy.
    const image = afterCrash(first.db);
    first.feature.stop();
    const restarted = new AlertRulesOn(image, new TestClock(restartAt), ids);
    restarted.feature.start();
    live(
      straight,
      all.filter((r) => r.receivedAtMs < crashMs),
    );
    straight.clock.ms = restartAt;
    straight.feature.runTimers();
    const after = all.filter((r) => r.receivedAtMs >= restartAt);
    live(restarted, after);
    live(straight, after);
    for (const run of [restarted, straight]) run.feature.stop();
    return { straight, restarted };
  }

  it('a crash early in a warm run: tooWarm is raised at the same instant as without the crash, once', () => {
    // The last save was at 2:00 (4 °C); the run began at 2:20; the crash at 2:50 loses 2:20 and 2:40.
    const { straight, restarted } = bothRuns(crashAt, crashAt + 5 * SECOND);
    expect(raisedAt(straight)).toEqual([TEST_START_MS + 32 * MINUTE + 20 * SECOND]);
    expect(raisedAt(restarted)).toEqual(raisedAt(straight));
    expect(restarted.storedAlerts()).toEqual(straight.storedAlerts());
    expect(restarted.noticeKinds()).toEqual(['foodSafety.tooWarm.raised']);
    expect(restarted.savedMemory()).toEqual(straight.savedMemory());
  });

  it('an alert raised before the crash is not raised or told again; the excursion goes on as without the crash', () => {
    // Raised at 32:20, its peak at 32:40: each change stored with the memory that made it and
    // the reading it includes, so the start after the crash at 32:50 has nothing of elm-st to
    // replay; from the last periodic save (32:00) it would judge 32:00 to 32:40 a second time.
    const { straight, restarted } = bothRuns(
      TEST_START_MS + 32 * MINUTE + 50 * SECOND,
      TEST_START_MS + 32 * MINUTE + 55 * SECOND,
    );
    expect(raisedAt(restarted)).toEqual([TEST_START_MS + 32 * MINUTE + 20 * SECOND]);
    expect(restarted.noticeKinds()).toEqual(['foodSafety.tooWarm.raised']);
    expect(restarted.storedAlerts()).toEqual(straight.storedAlerts());
    expect(restarted.savedMemory()).toEqual(straight.savedMemory());
  });

  it('readings stored but never announced (a batch committed, then the crash) are replayed: the alert they cross into is raised with its own time, told once, and not again at the next start', () => {
    const all = elmReadings(TEST_START_MS + 33 * MINUTE);
    const run = new AlertRulesOn(alertSiteDb(['elm-st']), new TestClock(TEST_START_MS));
    run.feature.start();
    const announced = all.filter((r) => r.receivedAtMs < TEST_START_MS + 32 * MINUTE);
    live(run, announced);
    // 32:00 to 32:40 are committed by the writer thread; the process dies before they are announced.
    for (const reading of all.slice(announced.length)) run.store(reading);
    expect(raisedAt(run)).toEqual([]);
    const image = afterCrash(run.db);
    run.feature.stop();
    const restarted = new AlertRulesOn(image, new TestClock(TEST_START_MS + 40 * MINUTE));
    restarted.feature.start();
    expect(raisedAt(restarted)).toEqual([TEST_START_MS + 32 * MINUTE + 20 * SECOND]);
    expect(restarted.noticeKinds()).toEqual(['foodSafety.tooWarm.raised']);
    // Crashed again at once: the alert was stored with the memory that made it.
    const again = new AlertRulesOn(afterCrash(restarted.db), new TestClock(TEST_START_MS + 41 * MINUTE));
    restarted.feature.stop();
    again.feature.start();
    expect(raisedAt(again)).toEqual([TEST_START_MS + 32 * MINUTE + 20 * SECOND]);
    expect(again.noticeKinds()).toEqual(['foodSafety.tooWarm.raised']);
    again.feature.stop();
  });

  it('readings stored before the rules listen are replayed, a batch on the writer thread is left to its announcement: each heard once', () => {
    // Elm St's device at 4 °C every 20 s. The server dies at 3:00 and is back at 22:00; the
    // device uploads what it measured meanwhile: its battery low at 5:10, replaced at 5:30.
    const reading = (atMs: number, receivedAtMs: number, value: SensorValue): RuleReading => ({
      ...temperature('elm-st', atMs, 4),
      deviceId: 'elm-st-dev',
      value,
      receivedAtMs,
    });
    const back = TEST_START_MS + 22 * MINUTE;
    const measured = (fromMin: number, toMin: number, receivedAtMs?: number) => {
      const list: RuleReading[] = [];
      for (
        let at = TEST_START_MS + fromMin * MINUTE;
        at < TEST_START_MS + toMin * MINUTE;
        at += PROBE_EVERY_MS
      )
        list.push(reading(at, receivedAtMs ?? at, { kind: 'temperature', celsius: 4 }));
      return list;
    };
    const battery = (atMs: number, level: number) =>
      reading(atMs, back + 2 * SECOND, {
        kind: 'deviceStatus',
        deviceId: 'elm-st-dev',
        online: true,
        battery: level,
      });
    const first = new AlertRulesOn(alertSiteDb(['elm-st']), new TestClock(TEST_START_MS));
    first.feature.start();
    live(first, measured(0, 3));
    const image = afterCrash(first.db);
    first.feature.stop();
    const restarted = new AlertRulesOn(image, new TestClock(back + 3 * SECOND));
    // Stored before the alerts listened (ingest and the broker start first), announced to nobody...
    const unheard = measured(3, 5, back + SECOND).map((r) => restarted.store(r));
    // ...then the rest of the upload, committed on the writer thread, not yet announced.
    const upload = [
      ...measured(5, 22, back + 2 * SECOND),
      battery(TEST_START_MS + 5 * MINUTE + 10 * SECOND, 0.1),
      battery(TEST_START_MS + 5 * MINUTE + 30 * SECOND, 0.9),
    ].sort((a, b) => a.measuredAtMs - b.measuredAtMs);
    const inFlight = upload.map((r) => ({ id: restarted.store(r), reading: r }));
    restarted.announcedUpTo(unheard.at(-1) as number);
    restarted.feature.start();
    restarted.announcedUpTo(null);
    for (const { id, reading } of inFlight) restarted.announce(id, reading);
    live(restarted, measured(22, 24).slice(1));
    restarted.feature.stop();
    // Raised at 5:10, cleared at 5:30, resolved 15 min later; heard from at 22:00:01, never silent.
    expect(restarted.noticeKinds()).toEqual([
      'deviceHealth.lowBattery.raised',
      'deviceHealth.lowBattery.resolved',
    ]);
    expect(restarted.storedAlerts()).toMatchObject([
      {
        type: 'lowBattery',
        raisedAtMs: TEST_START_MS + 5 * MINUTE + 10 * SECOND,
        resolvedAtMs: TEST_START_MS + 20 * MINUTE + 30 * SECOND,
      },
    ]);
  });

  it('a database from before migration 028 (no cursor saved) replays nothing, and names the reading its rows include', () => {
    const run = new AlertRulesOn(alertSiteDb(['elm-st']), new TestClock(TEST_START_MS));
    run.feature.start();
    live(run, elmReadings(TEST_START_MS + 5 * MINUTE));
    run.feature.stop();
    const saved = run.savedMemory();
    // As an older server left it: its rows include every reading, and no setting says so.
    run.db.prepare("DELETE FROM settings WHERE key = 'alerts.snapshotUpTo'").run();
    run.db.prepare('UPDATE alert_state SET up_to_reading_id = 0').run();
    const restarted = new AlertRulesOn(run.db, new TestClock(TEST_START_MS + 6 * MINUTE));
    restarted.feature.start();
    restarted.feature.stop();
    expect(restarted.savedMemory()).toEqual(saved);
    const lastId = (run.db.prepare('SELECT MAX(id) AS id FROM readings').get() as { id: number }).id;
    expect(new SettingsStore(run.db).get('alerts.snapshotUpTo')).toBe(String(lastId));
  });
});

/** A random reading of one of three fridges, `gapMs` after the one before. */
const readingArb = fc.record({
  fridge: fc.constantFrom('apple', 'birch', 'cedar'),
  gapMs: fc.integer({ min: 1 * SECOND, max: 12 * MINUTE }),
  // One in ten is late (older than one already judged): stored, judged by nobody.
  late: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  value: fc.oneof(
    fc.double({ min: -1, max: 12, noNaN: true }).map(
      (c): SensorValue => ({
        kind: 'temperature',
        celsius: Math.round(c * 10) / 10,
      }),
    ),
    fc.boolean().map((open): SensorValue => ({ kind: 'door', open })),
    fc
      .record({ shelf: fc.constantFrom('s1', 's2'), kg: fc.integer({ min: 0, max: 180 }) })
      .map(({ shelf, kg }): SensorValue => ({ kind: 'weight', shelfId: shelf, kg: kg / 10 })),
    fc.integer({ min: 0, max: 100 }).map(
      (pct): SensorValue => ({
        kind: 'deviceStatus',
        deviceId: 'apple-dev',
        online: true,
        battery: pct / 100,
      }),
    ),
  ),
});

describe('property: after a crash and the replay, the rules remember what an uncrashed run does', () => {
  it('random readings of three fridges, saves at random points, a crash after a random prefix (its last readings perhaps unannounced)', () => {
    fc.assert(
      fc.property(
        fc.array(readingArb, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (draws, crashDraw, saveDraw, unannouncedDraw) => {
          let at = TEST_START_MS;
          const readings: RuleReading[] = draws.map((d) => {
            at += d.gapMs;
            return {
              fridgeId: d.fridge,
              deviceId: null,
              value: d.value,
              measuredAtMs: at,
              receivedAtMs: at,
              late: d.late,
            };
          });
          const crashAfter = 1 + (crashDraw % readings.length);
          const saveAfter = saveDraw % (crashAfter + 1);
          const unannounced = unannouncedDraw % (crashAfter - saveAfter + 1);
          const fridges = ['apple', 'birch', 'cedar'];
          const ids = { next: 0 };
          const straight = new AlertRulesOn(alertSiteDb(fridges), new TestClock(TEST_START_MS), { ...ids });
          const first = new AlertRulesOn(alertSiteDb(fridges), new TestClock(TEST_START_MS), ids);
          straight.feature.start();
          first.feature.start();
          readings.slice(0, crashAfter).forEach((reading, i) => {
            for (const run of [straight, first]) run.clock.ms = reading.receivedAtMs;
            straight.reading(reading);
            if (i < crashAfter - unannounced) first.reading(reading);
            else first.store(reading);
            // The last save: a periodic round, all its slices written.
            if (i + 1 === saveAfter) vi.advanceTimersByTime(SNAPSHOT_MS);
          });
          const image = afterCrash(first.db);
          first.feature.stop();
          const restarted = new AlertRulesOn(image, new TestClock(straight.clock.ms), ids);
          restarted.feature.start();
          straight.feature.runTimers();
          for (const run of [straight, restarted]) run.feature.stop();
          expect(restarted.savedMemory()).toEqual(straight.savedMemory());
          expect(restarted.storedAlerts()).toEqual(straight.storedAlerts());
        },
      ),
      // Unshrunk on failure: shrinking runs a few hundred more cases of 3 databases each.
      { numRuns: 40, endOnFailure: true },
    );
  }, 120_000);
});
