import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedIntervalMs, onHeard, savedDeviceTrack } from '../../../../server/domain/alerts/deviceRules';
import type { DeviceTrack } from '../../../../server/domain/alerts/types';
import { context, HOUR, MINUTE, T0 } from './fixtures';

/** The learned interval from first principles: the 90th percentile of the gaps, sorted afresh. */
function percentile90(track: DeviceTrack, defaultMs: number): number {
  if (track.gaps.lengthsMs.length < 10) return defaultMs;
  const sorted = [...track.gaps.lengthsMs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? defaultMs;
}

describe('a device’s learned report interval', () => {
  it('equals the 90th percentile of its last day’s gaps after any run of messages', () => {
    const rules = context();
    fc.assert(
      fc.property(
        // Steps between messages: bursts, repeats of the same instant, a clock stepping back, long silences.
        fc.array(
          fc.oneof(
            { arbitrary: fc.integer({ min: 1, max: 2_000 }), weight: 20 },
            { arbitrary: fc.integer({ min: 5 * MINUTE, max: 15 * MINUTE }), weight: 20 },
            { arbitrary: fc.constantFrom(0, -3_000, 20 * HOUR, 30 * HOUR), weight: 1 },
          ),
          { minLength: 1, maxLength: 500, size: 'max' },
        ),
        fc.integer({ min: 1, max: 30 }),
        (steps, askEvery) => {
          let track: DeviceTrack | undefined;
          let atMs = T0;
          steps.forEach((step, i) => {
            atMs += step;
            track = onHeard(track, atMs);
            // Asked now and then (not on every message), as the rules do when a reading arrives.
            if (i % askEvery === 0 || i === steps.length - 1) {
              const fresh = {
                ...track,
                gaps: { endsMs: [...track.gaps.endsMs], lengthsMs: [...track.gaps.lengthsMs] },
              };
              expect(expectedIntervalMs(track, rules)).toBe(
                percentile90(fresh, rules.config.defaultIntervalMs),
              );
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the day’s gaps, at most 150 of them, oldest first', () => {
    let track: DeviceTrack | undefined;
    for (let i = 0; i <= 200; i++) track = onHeard(track, T0 + i * MINUTE);
    expect(track?.gaps.endsMs).toHaveLength(150);
    expect(track?.gaps.lengthsMs).toHaveLength(150);
    expect([track?.gaps.endsMs[0], track?.gaps.lengthsMs[0]]).toEqual([T0 + 51 * MINUTE, MINUTE]);
    const later = onHeard(track, T0 + 200 * MINUTE + 25 * HOUR);
    expect(later.gaps).toEqual({ endsMs: [T0 + 200 * MINUTE + 25 * HOUR], lengthsMs: [25 * HOUR] });
  });

  it('keeps the gaps as two lists of numbers, not an array per gap (memory at 10,000 fridges)', () => {
    let track: DeviceTrack | undefined;
    for (let i = 0; i <= 200; i++) track = onHeard(track, T0 + i * 12_000);
    // JSON as saved in alert_state: numbers only, no nested arrays.
    expect(JSON.stringify(track?.gaps)).toMatch(/^\{"endsMs":\[[\d,]+\],"lengthsMs":\[[\d,]+\]\}$/);
  });

  it('reads a track saved with [receivedAtMs, gapMs] pairs and learns the same interval from it', () => {
    const rules = context();
    let track: DeviceTrack | undefined;
    for (let i = 0; i <= 40; i++) track = onHeard(track, T0 + i * (i % 4 === 0 ? 7 : 5) * MINUTE);
    if (!track) throw new Error('no track');
    const pairs = track.gaps.endsMs.map((at, i) => [at, track?.gaps.lengthsMs[i]]);
    const saved = JSON.parse(JSON.stringify({ ...track, gaps: pairs })) as DeviceTrack;
    const restored = savedDeviceTrack(saved);
    expect(restored.gaps).toEqual(track.gaps);
    expect(expectedIntervalMs(restored, rules)).toBe(expectedIntervalMs(track, rules));
    const next = T0 + 41 * 5 * MINUTE + HOUR;
    expect(onHeard(restored, next)).toEqual(onHeard(track, next));
  });
});
