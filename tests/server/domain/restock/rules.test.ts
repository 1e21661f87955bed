import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StockLevel } from '../../../../contract/api';
import { DEFAULT_RESTOCK_CONFIG } from '../../../../server/domain/restock/config';
import { isLowStock, nextRestockDeadline, restockStep } from '../../../../server/domain/restock/rules';
import { DEFAULT_FRIDGE_SETTINGS, initialRestockState } from '../../../../server/domain/restock/types';
import { context, HOUR, MINUTE, Scenario, stock, T0, tick } from './fixtures';

const config = DEFAULT_RESTOCK_CONFIG;

/** A scenario with a request opened at T0 + lowFor, the fridge at `few` with 8 kg. */
function openedScenario(ctx = context()): Scenario {
  const s = new Scenario(ctx);
  s.at(T0, stock('few', 8));
  s.at(T0 + config.lowForMs, stock('few', 8));
  expect(s.changes()).toEqual(['opened']);
  return s;
}
const OPENED_AT = T0 + config.lowForMs;

describe('raising a restock request', () => {
  it('opens only once the level has stayed at few or below for the minimum time', () => {
    const s = new Scenario();
    s.at(T0, stock('many', 20));
    s.at(T0 + MINUTE, stock('few', 12));
    s.at(T0 + MINUTE + config.lowForMs - 1, stock('few', 11));
    expect(s.effects).toEqual([]);
    const effects = s.at(T0 + MINUTE + config.lowForMs, stock('few', 10));
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({
      change: 'opened',
      request: { status: 'open', reason: 'low-stock', levelAtOpen: 'few', kgAtOpen: 10, circle: 0 },
      audience: { type: 'circles', from: 0, to: 0, exceptVolunteerId: null },
    });
  });

  it('ignores a noisy reading: one reading above the threshold restarts the wait', () => {
    const s = new Scenario();
    s.at(T0, stock('few', 10));
    s.at(T0 + 5 * MINUTE, stock('many', 19));
    s.at(T0 + 6 * MINUTE, stock('few', 10));
    s.at(T0 + 15 * MINUTE, stock('few', 10));
    expect(s.effects).toEqual([]);
    s.at(T0 + 16 * MINUTE, stock('few', 10));
    expect(s.changes()).toEqual(['opened']);
  });

  it('opens on the timer when no reading comes (a quiet fridge stays low)', () => {
    const s = new Scenario();
    s.at(T0, stock('empty', 0));
    expect(nextRestockDeadline(s.state, s.ctx)).toBe(T0 + config.lowForMs);
    s.at(T0 + config.lowForMs, tick('empty', 0));
    expect(s.effects[0]?.request).toMatchObject({
      levelAtOpen: 'empty',
      kgAtOpen: 0,
      openedAtMs: T0 + config.lowForMs,
    });
  });

  it('uses the per-fridge raise level', () => {
    const s = new Scenario(context({ settings: { ...DEFAULT_FRIDGE_SETTINGS, raiseAtLevel: 'empty' } }));
    s.at(T0, stock('few', 8));
    s.at(T0 + 5 * HOUR, stock('few', 6));
    expect(s.effects).toEqual([]);
    s.at(T0 + 5 * HOUR + MINUTE, stock('empty', 1));
    s.at(T0 + 5 * HOUR + MINUTE + config.lowForMs, tick('empty', 1));
    expect(s.changes()).toEqual(['opened']);
    expect(isLowStock('few', { ...DEFAULT_FRIDGE_SETTINGS, raiseAtLevel: 'empty' })).toBe(false);
    expect(isLowStock(null, DEFAULT_FRIDGE_SETTINGS)).toBe(false);
  });

  it('opens when the forecast says empty within the window, during active hours only', () => {
    const activeHours = { from: '08:00', to: '20:00' };
    const inHours = new Scenario(context({ settings: { ...DEFAULT_FRIDGE_SETTINGS, activeHours } }));
    inHours.at(T0, stock('many', 20, T0 + 2 * HOUR));
    expect(inHours.effects[0]?.request).toMatchObject({ reason: 'forecast', levelAtOpen: 'many' });

    const night = Date.UTC(2026, 5, 1, 22, 0);
    const offHours = new Scenario(context({ settings: { ...DEFAULT_FRIDGE_SETTINGS, activeHours } }));
    offHours.at(night, stock('many', 20, night + 2 * HOUR));
    expect(offHours.effects).toEqual([]);

    const far = new Scenario();
    far.at(T0, stock('many', 20, T0 + config.forecastWithinMs + MINUTE));
    expect(far.effects).toEqual([]);

    const off = new Scenario(context({ settings: { ...DEFAULT_FRIDGE_SETTINGS, forecastTrigger: false } }));
    off.at(T0, stock('many', 20, T0 + HOUR));
    expect(off.effects).toEqual([]);
  });

  it('does nothing with a forecast that is absent', () => {
    const s = new Scenario();
    s.at(T0, stock('many', 20, null));
    s.at(T0 + HOUR, tick('many', 20));
    expect(s.effects).toEqual([]);
    expect(s.state).toEqual(initialRestockState());
  });

  it('keeps at most one open request per fridge', () => {
    const s = openedScenario();
    s.at(OPENED_AT + HOUR, stock('empty', 0, OPENED_AT + 2 * HOUR));
    s.at(OPENED_AT + 2 * HOUR, stock('empty', 0));
    s.at(OPENED_AT + 2 * HOUR, { type: 'raise', level: 'empty', kg: 0 });
    expect(s.changes().filter((c) => c === 'opened')).toHaveLength(1);
    expect(s.refusals).toEqual([{ reason: 'already-open', request: s.state.active }]);
  });

  it('lets an organiser raise one by hand at any level', () => {
    const s = new Scenario();
    s.at(T0, { type: 'raise', level: 'full', kg: 38 });
    expect(s.effects[0]?.request).toMatchObject({ reason: 'manual', levelAtOpen: 'full', kgAtOpen: 38 });
  });
});

describe('escalation while nobody claims', () => {
  it('widens to the area, then the organisers, then repeats on a timer', () => {
    const s = openedScenario();
    s.at(OPENED_AT + config.escalateAfterMs - 1, tick());
    expect(s.changes()).toEqual(['opened']);
    s.at(OPENED_AT + config.escalateAfterMs, tick());
    s.at(OPENED_AT + 2 * config.escalateAfterMs, tick());
    s.at(OPENED_AT + 3 * config.escalateAfterMs, tick());
    expect(s.changes()).toEqual(['opened', 'escalated', 'escalated', 'still-open']);
    expect(s.effects.map((e) => e.audience)).toEqual([
      { type: 'circles', from: 0, to: 0, exceptVolunteerId: null },
      { type: 'circles', from: 1, to: 1, exceptVolunteerId: null },
      { type: 'circles', from: 2, to: 2, exceptVolunteerId: null },
      { type: 'circles', from: 0, to: 2, exceptVolunteerId: null },
    ]);
    expect(s.state.active?.nextNoticeAtMs).toBe(
      OPENED_AT + 3 * config.escalateAfterMs + config.remindEveryMs,
    );
  });

  it('skips circles nobody is in', () => {
    const s = new Scenario(context({ circleHasMembers: (circle) => circle === 2 }));
    s.at(T0, { type: 'raise', level: 'few', kg: 5 });
    expect(s.effects[0]).toMatchObject({
      request: { circle: 2 },
      audience: { type: 'circles', from: 0, to: 2 },
    });
  });

  it('expires a request nobody claimed, tells the organisers, and lets a new one open later', () => {
    const s = openedScenario();
    for (let t = OPENED_AT; t < OPENED_AT + config.expireAfterMs; t += 30 * MINUTE) s.at(t, tick());
    s.at(OPENED_AT + config.expireAfterMs, tick('few', 8));
    const expired = s.effects.at(-1);
    expect(expired).toMatchObject({
      change: 'expired',
      request: { status: 'expired', closedAtMs: OPENED_AT + config.expireAfterMs },
      audience: { type: 'circles', from: 2, to: 2 },
    });
    expect(s.state.active).toBeNull();
    s.at(OPENED_AT + config.expireAfterMs + config.lowForMs, tick('few', 8));
    expect(s.effects.at(-1)?.change).toBe('opened');
  });
});

describe('claiming', () => {
  it('claims with the default ETA and stops escalation', () => {
    const s = openedScenario();
    const id = s.state.active?.id ?? '';
    s.at(OPENED_AT + 5 * MINUTE, { type: 'claim', requestId: id, volunteerId: 'ana', etaMs: null });
    expect(s.state.active).toMatchObject({
      status: 'claimed',
      claim: { volunteerId: 'ana', etaMs: OPENED_AT + 5 * MINUTE + config.claimEtaMs },
      firstClaimedAtMs: OPENED_AT + 5 * MINUTE,
      nextNoticeAtMs: null,
    });
    s.at(OPENED_AT + config.escalateAfterMs, tick());
    expect(s.changes()).toEqual(['opened', 'claimed']);
    expect(s.effects[1]?.audience).toBeNull();
  });

  it('refuses a second volunteer, and treats the claimer opening the link again as nothing new', () => {
    const s = openedScenario();
    const id = s.state.active?.id ?? '';
    s.at(OPENED_AT, { type: 'claim', requestId: id, volunteerId: 'ana', etaMs: OPENED_AT + HOUR });
    s.at(OPENED_AT + MINUTE, { type: 'claim', requestId: id, volunteerId: 'ben', etaMs: null });
    expect(s.refusals).toEqual([{ reason: 'already-claimed', claim: s.state.active?.claim }]);
    s.at(OPENED_AT + 2 * MINUTE, { type: 'claim', requestId: id, volunteerId: 'ana', etaMs: null });
    expect(s.changes()).toEqual(['opened', 'claimed']);
    s.at(OPENED_AT + 3 * MINUTE, {
      type: 'claim',
      requestId: id,
      volunteerId: 'ana',
      etaMs: OPENED_AT + 2 * HOUR,
    });
    expect(s.state.active?.claim?.etaMs).toBe(OPENED_AT + 2 * HOUR);
  });

  it('refuses a claim on a request that is no longer active', () => {
    const s = openedScenario();
    s.at(OPENED_AT, { type: 'claim', requestId: 'r-other', volunteerId: 'ana', etaMs: null });
    expect(s.refusals).toEqual([{ reason: 'request-closed', request: null }]);
  });

  it('reminds the claimer when the ETA passes, then reopens to the others', () => {
    const s = openedScenario();
    const id = s.state.active?.id ?? '';
    s.at(OPENED_AT + config.escalateAfterMs, tick());
    s.at(OPENED_AT + HOUR, { type: 'claim', requestId: id, volunteerId: 'ana', etaMs: OPENED_AT + 2 * HOUR });
    const eta = OPENED_AT + 2 * HOUR;
    expect(nextRestockDeadline(s.state, s.ctx)).toBe(eta);
    s.at(eta, tick());
    expect(s.effects.at(-1)).toMatchObject({
      change: 'claim-reminder',
      audience: { type: 'volunteer', volunteerId: 'ana' },
    });
    expect(nextRestockDeadline(s.state, s.ctx)).toBe(eta + config.claimGraceMs);
    s.at(eta + config.claimGraceMs, tick());
    expect(s.effects.at(-1)).toMatchObject({
      change: 'reopened',
      request: { status: 'open', claim: null, claimHistory: ['ana'], circle: 1 },
      audience: { type: 'circles', from: 0, to: 1, exceptVolunteerId: 'ana' },
    });
    expect(s.state.active?.nextNoticeAtMs).toBe(eta + config.claimGraceMs + config.escalateAfterMs);
  });

  it('lets the claimer or an organiser release, nobody else', () => {
    const s = openedScenario();
    const id = s.state.active?.id ?? '';
    s.at(OPENED_AT, { type: 'claim', requestId: id, volunteerId: 'ana', etaMs: null });
    s.at(OPENED_AT + MINUTE, { type: 'release', requestId: id, volunteerId: 'ben' });
    expect(s.refusals).toEqual([{ reason: 'not-claimer' }]);
    s.at(OPENED_AT + 2 * MINUTE, { type: 'release', requestId: id, volunteerId: 'ana' });
    expect(s.effects.at(-1)).toMatchObject({
      change: 'released',
      request: { status: 'open' },
      audience: { exceptVolunteerId: 'ana' },
    });
    s.at(OPENED_AT + 3 * MINUTE, { type: 'claim', requestId: id, volunteerId: 'ben', etaMs: null });
    s.at(OPENED_AT + 4 * MINUTE, { type: 'release', requestId: id, volunteerId: null });
    expect(s.state.active).toMatchObject({ status: 'open', claimHistory: ['ana', 'ben'] });
  });
});

describe('fulfilment', () => {
  it('closes on a door session adding enough food, and thanks the claimer', () => {
    const s = openedScenario();
    const id = s.state.active?.id ?? '';
    s.at(OPENED_AT + 10 * MINUTE, { type: 'claim', requestId: id, volunteerId: 'ana', etaMs: null });
    s.at(OPENED_AT + 40 * MINUTE, { type: 'doorSession', addedKg: config.fulfilMinKg - 0.01 });
    expect(s.state.active?.status).toBe('claimed');
    s.at(OPENED_AT + 50 * MINUTE, { type: 'doorSession', addedKg: 7.456 });
    expect(s.effects.at(-1)).toMatchObject({
      change: 'fulfilled',
      request: {
        status: 'fulfilled',
        closedAtMs: OPENED_AT + 50 * MINUTE,
        fulfilment: { kgAdded: 7.46, via: 'door-session', volunteerId: 'ana' },
      },
      audience: { type: 'volunteer', volunteerId: 'ana' },
    });
    expect(s.state.active).toBeNull();
  });

  it('closes when the level climbs back above the raise level with real food, measured from the lowest point', () => {
    const s = openedScenario();
    s.at(OPENED_AT + MINUTE, stock('few', 6));
    s.at(OPENED_AT + 2 * MINUTE, stock('few', 4.5));
    // Above the threshold by noise alone: not a restock.
    s.at(OPENED_AT + 3 * MINUTE, stock('many', 5.5));
    expect(s.state.active?.status).toBe('open');
    s.at(OPENED_AT + 4 * MINUTE, stock('many', 12.5));
    expect(s.effects.at(-1)).toMatchObject({
      change: 'fulfilled',
      request: { fulfilment: { kgAdded: 8, via: 'level', volunteerId: null } },
      audience: null,
    });
    expect(s.state.lowSinceMs).toBeNull();
  });

  it('never fulfils by level on a rise smaller than fulfilMinKg (property)', () => {
    const levels: StockLevel[] = ['empty', 'few', 'many', 'full'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ level: fc.constantFrom(...levels), kg: fc.double({ min: 0, max: 50, noNaN: true }) }),
          {
            maxLength: 40,
          },
        ),
        (readings) => {
          const s = new Scenario();
          s.at(T0, { type: 'raise', level: 'few', kg: 10 });
          readings.forEach((r, i) => {
            s.at(T0 + (i + 1) * MINUTE, stock(r.level, r.kg));
          });
          const fulfilled = s.effects.find((e) => e.change === 'fulfilled');
          if (!fulfilled) return;
          const index = s.effects.indexOf(fulfilled);
          const atIndex = Math.round((fulfilled.atMs - T0) / MINUTE) - 1;
          const before = [10, ...readings.slice(0, atIndex).map((r) => r.kg)];
          const lowest = Math.min(...before);
          const reading = readings[atIndex];
          expect(index).toBeGreaterThan(0);
          expect(reading?.level === 'many' || reading?.level === 'full').toBe(true);
          expect((reading?.kg ?? 0) - lowest).toBeGreaterThanOrEqual(config.fulfilMinKg - 1e-9);
        },
      ),
    );
  });
});

describe('cancelling', () => {
  it('cancels, tells the claimer, and pauses automatic requests for a while', () => {
    const s = openedScenario();
    const id = s.state.active?.id ?? '';
    s.at(OPENED_AT, { type: 'claim', requestId: id, volunteerId: 'ana', etaMs: null });
    s.at(OPENED_AT + MINUTE, { type: 'cancel', requestId: id });
    expect(s.effects.at(-1)).toMatchObject({
      change: 'cancelled',
      request: { status: 'cancelled' },
      audience: { type: 'volunteer', volunteerId: 'ana' },
    });
    s.at(OPENED_AT + HOUR, stock('few', 8));
    s.at(OPENED_AT + 2 * HOUR, tick('few', 8));
    expect(s.changes()).toEqual(['opened', 'claimed', 'cancelled']);
    const resume = OPENED_AT + MINUTE + config.pauseAfterCancelMs;
    expect(nextRestockDeadline(s.state, s.ctx)).toBe(resume);
    s.at(resume, tick('few', 8));
    expect(s.changes().at(-1)).toBe('opened');
  });

  it('cancels the active request of a removed fridge and forgets the fridge', () => {
    const s = openedScenario();
    s.at(OPENED_AT + MINUTE, { type: 'fridgeRemoved' });
    expect(s.changes()).toEqual(['opened', 'cancelled']);
    expect(s.state).toEqual(initialRestockState());
  });
});

describe('invariants over random inputs', () => {
  const levelArb = fc.constantFrom<StockLevel | null>('empty', 'few', 'many', 'full', null);
  const eventArb = fc.oneof(
    fc.record({
      kind: fc.constant('stock' as const),
      level: levelArb,
      kg: fc.double({ min: 0, max: 40, noNaN: true }),
    }),
    fc.record({ kind: fc.constant('tick' as const) }),
    fc.record({ kind: fc.constant('door' as const), addedKg: fc.double({ min: 0, max: 10, noNaN: true }) }),
    fc.record({ kind: fc.constant('claim' as const), who: fc.constantFrom('ana', 'ben') }),
    fc.record({ kind: fc.constant('release' as const), who: fc.constantFrom('ana', 'ben') }),
  );
  const stepArb = fc.record({ gapMs: fc.integer({ min: 0, max: 3 * HOUR }), event: eventArb });

  it('never has two active requests, and opens on low stock only after the level stayed low for lowForMs', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const ctx = context();
        let state = initialRestockState();
        let now = T0;
        let active = 0;
        const lowReadings: Array<{ atMs: number; low: boolean }> = [];
        for (const { gapMs, event } of steps) {
          now += gapMs;
          const requestId = state.active?.id ?? 'none';
          const input =
            event.kind === 'stock'
              ? stock(event.level, event.kg)
              : event.kind === 'tick'
                ? tick()
                : event.kind === 'door'
                  ? ({ type: 'doorSession', addedKg: event.addedKg } as const)
                  : event.kind === 'claim'
                    ? ({ type: 'claim', requestId, volunteerId: event.who, etaMs: null } as const)
                    : ({ type: 'release', requestId, volunteerId: event.who } as const);
          if (event.kind === 'stock')
            lowReadings.push({ atMs: now, low: isLowStock(event.level, ctx.settings) });
          const step = restockStep(state, input, now, ctx);
          for (const effect of step.effects) {
            if (effect.change === 'opened') {
              active++;
              if (effect.request.reason === 'low-stock') {
                // Every reading in the wait was low, and the wait was long enough.
                const since = state.lowSinceMs ?? now;
                expect(now - since).toBeGreaterThanOrEqual(config.lowForMs);
                expect(lowReadings.filter((r) => r.atMs >= since).every((r) => r.low)).toBe(true);
              }
            }
            if (['fulfilled', 'cancelled', 'expired'].includes(effect.change)) active--;
          }
          state = step.state;
          expect(active).toBeLessThanOrEqual(1);
          expect(active).toBe(state.active ? 1 : 0);
          const deadline = nextRestockDeadline(state, ctx);
          if (state.active?.status === 'open') expect(deadline).not.toBeNull();
        }
      }),
    );
  });
});
