import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AIR } from '../../firmware-sim/airTemperature';
import { localHour } from '../../firmware-sim/arrivals';
import { stepFridge } from '../../firmware-sim/fridgeModel';
import { createFridgeState, fridgeTruth } from '../../firmware-sim/fridgeState';
import { DEMO_PROFILE, REALISTIC_PROFILE } from '../../firmware-sim/profiles';
import { simulateScenario } from '../../firmware-sim/scenario';
import { DAY_MS, FRIDGE, HOUR_MS, MIDNIGHT_UTC_MS, ONE_SHELF_FRIDGE, PANTRY, threeShelves } from './fixtures';

const start = (fridge = FRIDGE, seed = 1, profile = REALISTIC_PROFILE) =>
  createFridgeState(fridge, { seed, startMs: MIDNIGHT_UTC_MS, profile, utcOffsetMinutes: 0 });

describe('fridge model', () => {
  it('is reproducible: the same seed gives the same readings and truth', () => {
    const a = stepFridge(start(FRIDGE, 5), MIDNIGHT_UTC_MS + 6 * HOUR_MS);
    const b = stepFridge(start(FRIDGE, 5), MIDNIGHT_UTC_MS + 6 * HOUR_MS);
    const c = stepFridge(start(FRIDGE, 6), MIDNIGHT_UTC_MS + 6 * HOUR_MS);
    expect(b).toEqual(a);
    expect(c.readings).not.toEqual(a.readings);
  });

  it('gives the same result whether advanced in one step or in many small ones', () => {
    const endMs = MIDNIGHT_UTC_MS + 3 * HOUR_MS;
    const once = stepFridge(start(FRIDGE, 3, DEMO_PROFILE), endMs);
    let state = start(FRIDGE, 3, DEMO_PROFILE);
    const readings = [];
    const truth = [];
    for (let t = MIDNIGHT_UTC_MS + 1_234; t <= endMs; t += 1_234) {
      const step = stepFridge(state, t);
      state = step.state;
      readings.push(...step.readings);
      truth.push(...step.truth);
    }
    const last = stepFridge(state, endMs);
    readings.push(...last.readings);
    truth.push(...last.truth);
    expect(readings).toEqual(once.readings);
    expect(truth).toEqual(once.truth);
    expect(last.state).toEqual(once.state);
  });

  it('does not change the state it is given', () => {
    const state = start(FRIDGE, 2, DEMO_PROFILE);
    const before = structuredClone(state);
    stepFridge(state, MIDNIGHT_UTC_MS + HOUR_MS);
    expect(state).toEqual(before);
  });

  it('refuses to go back in time', () => {
    const { state } = stepFridge(start(), MIDNIGHT_UTC_MS + HOUR_MS);
    expect(() => stepFridge(state, MIDNIGHT_UTC_MS)).toThrow(RangeError);
  });

  it('sees more visits in the evening (17-21 h) than at night (0-6 h)', () => {
    const { sessions } = simulateScenario({
      seed: 11,
      fridges: [ONE_SHELF_FRIDGE],
      startMs: MIDNIGHT_UTC_MS,
      durationMs: 14 * DAY_MS,
    });
    const visits = sessions.filter((s) => s.kind !== 'restock');
    const inHours = (from: number, to: number) =>
      visits.filter((s) => localHour(s.startMs, 0) >= from && localHour(s.startMs, 0) < to).length /
      (to - from);
    const eveningPerHour = inHours(17, 21);
    const nightPerHour = inHours(0, 6);
    expect(eveningPerHour).toBeGreaterThan(4 * nightPerHour);
    // About 40 visits a day, as the realistic profile says.
    expect(visits.length / 14).toBeGreaterThan(30);
    expect(visits.length / 14).toBeLessThan(50);
  });

  it('restocks a few times a day, in daytime, adding stock but never beyond capacity', () => {
    const { sessions, truth } = simulateScenario({
      seed: 4,
      fridges: [FRIDGE],
      startMs: MIDNIGHT_UTC_MS,
      durationMs: 7 * DAY_MS,
    });
    const restocks = sessions.filter((s) => s.kind === 'restock');
    expect(restocks.length / 7).toBeGreaterThanOrEqual(1.5);
    expect(restocks.length / 7).toBeLessThanOrEqual(5);
    for (const restock of restocks) {
      expect(localHour(restock.startMs, 0)).toBeGreaterThanOrEqual(8);
      expect(restock.takenKg).toBe(0);
      const before = truth.find(
        (r) => r.event.type === 'session-start' && r.event.sessionId === restock.sessionId,
      );
      const after = truth.find(
        (r) => r.event.type === 'session-end' && r.event.sessionId === restock.sessionId,
      );
      const total = (shelves: Record<string, number> | undefined) =>
        Object.values(shelves ?? {}).reduce((s, kg) => s + kg, 0);
      expect(total(after?.shelves)).toBeCloseTo(total(before?.shelves) + restock.addedKg, 6);
    }
    expect(restocks.some((r) => r.addedKg > 5)).toBe(true);
  });

  it('keeps the true stock between 0 and capacity whatever the seed and profile', () => {
    // Small shelves, so that takings often meet an empty shelf and restocks a full one.
    const small = { fridgeId: 'small', kind: 'fridge' as const, shelves: threeShelves(4).slice(0, 2) };
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, demo) => {
        const { truth } = simulateScenario({
          seed,
          fridges: [small],
          startMs: MIDNIGHT_UTC_MS + 15 * HOUR_MS,
          durationMs: 6 * HOUR_MS,
          profile: demo ? 'demo' : 'realistic',
        });
        for (const record of truth) {
          for (const shelf of small.shelves) {
            const kg = record.shelves[shelf.id] ?? Number.NaN;
            expect(kg).toBeGreaterThanOrEqual(0);
            expect(kg).toBeLessThanOrEqual(shelf.capacityKg);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('gives a pantry weight readings but no door and no temperature readings', () => {
    const { readings, sessions, truth } = stepFridge(
      start(PANTRY, 1, DEMO_PROFILE),
      MIDNIGHT_UTC_MS + HOUR_MS,
    );
    expect(sessions.length).toBeGreaterThan(10);
    expect(readings.length).toBeGreaterThan(100);
    expect(readings.every((r) => r.value.kind === 'weight')).toBe(true);
    expect(truth.every((r) => r.doorOpen === false)).toBe(true);
  });

  it('opens and closes the door around every session of a fridge', () => {
    const { readings, sessions } = stepFridge(start(FRIDGE, 1, DEMO_PROFILE), MIDNIGHT_UTC_MS + HOUR_MS);
    const doors = readings.filter((r) => r.value.kind === 'door');
    expect(doors.length).toBe(2 * sessions.length);
    for (const session of sessions) {
      const durationMs = session.endMs - session.startMs;
      expect(durationMs).toBeGreaterThanOrEqual(5_000);
      expect(durationMs).toBeLessThanOrEqual(60_000);
      expect(doors.find((r) => r.atMs === session.startMs)?.value).toEqual({ kind: 'door', open: true });
      expect(doors.find((r) => r.atMs === session.endMs)?.value).toEqual({ kind: 'door', open: false });
    }
  });

  it('warms the air while the door is open and cools it back to ~4 °C once closed', () => {
    let state = start(FRIDGE, 9, DEMO_PROFILE);
    let warmest: number = AIR.setpointCelsius;
    let sessionEndMs: number | null = null;
    for (let t = MIDNIGHT_UTC_MS; sessionEndMs === null; t += 1_000) {
      const step = stepFridge(state, t);
      state = step.state;
      const truth = fridgeTruth(state);
      if (truth.doorOpen) warmest = Math.max(warmest, truth.airCelsius ?? 0);
      sessionEndMs = step.sessions[0]?.endMs ?? null;
    }
    expect(warmest).toBeGreaterThan(AIR.setpointCelsius + 0.5);
    // Half an hour later, nobody having come by since.
    const closed = {
      ...state,
      nextVisitCandidateAtMs: Number.POSITIVE_INFINITY,
      nextRestockCandidateAtMs: Number.POSITIVE_INFINITY,
    };
    const later = stepFridge(closed, sessionEndMs + 30 * 60_000);
    expect(fridgeTruth(later.state).airCelsius).toBeLessThan(AIR.setpointCelsius + 0.5);
    const temperatures = later.readings.flatMap((r) =>
      r.value.kind === 'temperature' ? [r.value.celsius] : [],
    );
    expect(temperatures.at(-1)).toBeCloseTo(AIR.setpointCelsius, 0);
  });
});
