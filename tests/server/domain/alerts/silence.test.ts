import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FRIDGE_SOURCE,
  nextSilenceDeadline,
  onHeard,
  silenceCondition,
  silentAtMs,
} from '../../../../server/domain/alerts/deviceRules';
import type { DeviceTrack } from '../../../../server/domain/alerts/types';
import { context, MINUTE, T0 } from './fixtures';

const rules = context({ deviceIds: ['elm-sensor', 'elm-door'] });

/** Silence as the rules defined it before the allocation-free loops: every watched device, filtered. */
function silentFromFirstPrinciples(devices: Record<string, DeviceTrack>, atMs: number) {
  const watched = Object.entries(devices).filter(
    ([id]) => id === FRIDGE_SOURCE || rules.deviceIds.includes(id),
  );
  const silent = watched.filter(([, t]) => t.offline || atMs >= silentAtMs(t, rules));
  const deadlines = watched.filter(([, t]) => !t.offline).map(([, t]) => silentAtMs(t, rules));
  return {
    silentIds: silent.map(([id]) => id).sort(),
    firedAtMs:
      silent.length === 0
        ? null
        : Math.min(...silent.map(([, t]) => (t.offline ? atMs : silentAtMs(t, rules)))),
    deadline: deadlines.length === 0 ? null : Math.min(...deadlines),
  };
}

describe('device silence', () => {
  it('names the same silent devices and the same next deadline as a plain filter over every device', () => {
    // Devices the rules watch, one they do not (a removed device's track), and an external broker's source.
    const ids = fc.constantFrom('elm-sensor', 'elm-door', 'old-sensor', FRIDGE_SOURCE);
    const track = fc.record({
      heardEveryMs: fc.integer({ min: 1_000, max: 30 * MINUTE }),
      messages: fc.integer({ min: 1, max: 40 }),
      lastHeardAgoMs: fc.integer({ min: 0, max: 6 * 3600_000 }),
      offline: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.dictionary(ids, track), fc.integer({ min: 0, max: 2 * 3600_000 }), (spec, laterMs) => {
        const devices: Record<string, DeviceTrack> = {};
        for (const [id, { heardEveryMs, messages, lastHeardAgoMs, offline }] of Object.entries(spec)) {
          let heard: DeviceTrack | undefined;
          const firstMs = T0 - lastHeardAgoMs - (messages - 1) * heardEveryMs;
          for (let i = 0; i < messages; i++) heard = onHeard(heard, firstMs + i * heardEveryMs);
          if (heard) devices[id] = { ...heard, offline };
        }
        const atMs = T0 + laterMs;
        const expected = silentFromFirstPrinciples(devices, atMs);
        const condition = silenceCondition(devices, atMs, rules);
        expect(condition?.details?.deviceIds ?? []).toEqual(expected.silentIds);
        expect(condition?.firedAtMs ?? null).toBe(expected.firedAtMs);
        expect(nextSilenceDeadline(devices, [], rules)).toBe(expected.deadline);
        // Devices the alert already names are left out of the next deadline.
        const named = expected.silentIds.slice(0, 1);
        const rest = Object.fromEntries(Object.entries(devices).filter(([id]) => !named.includes(id)));
        expect(nextSilenceDeadline(devices, named, rules)).toBe(
          silentFromFirstPrinciples(rest, atMs).deadline,
        );
      }),
      { numRuns: 300 },
    );
  });
});
