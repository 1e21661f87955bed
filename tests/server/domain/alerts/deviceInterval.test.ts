import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedIntervalMs, onHeard, savedDeviceTrack } from '../../../../server/domain/alerts/deviceRules';
import type { DeviceTrack } from '../../../../server/domain/alerts/types';
import { context, HOUR, MINUTE, T0 } from './fixtures';

/** The learned interval from first principles: the 90th percentile of the gaps, sorted afresh. */
function percentile90(lengthsMs: readonly number[], defaultMs: number): number {
  if (lengthsMs.length < 10) return defaultMs;
  const sorted = [...lengthsMs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? defaultMs;
}

/**
 * The gap log as plain number lists, as `onHeard` kept it before the typed-array log
 * (docs/scaling.md, "Sixth round"): the model the compact log must equal value for value.
 */
interface PlainTrack {
  lastHeardMs: number;
  endsMs: number[];
  lengthsMs: number[];
}
function plainOnHeard(track: PlainTrack | undefined, receivedAtMs: number): PlainTrack {
  if (!track) return { lastHeardMs: receivedAtMs, endsMs: [], lengthsMs: [] };
  const gapMs = receivedAtMs - track.lastHeardMs;
  const horizonMs = receivedAtMs - 24 * HOUR;
  let expired = 0;
  while (expired < track.endsMs.length && (track.endsMs[expired] ?? 0) < horizonMs) expired++;
  const added = gapMs > 0 ? 1 : 0;
  const dropped = expired + Math.max(0, track.endsMs.length - expired + added - 150);
  const endsMs = track.endsMs.slice(dropped).concat(added ? [receivedAtMs] : []);
  const lengthsMs = track.lengthsMs.slice(dropped).concat(added ? [gapMs] : []);
  return { lastHeardMs: Math.max(track.lastHeardMs, receivedAtMs), endsMs, lengthsMs };
}

/** A track as it reads: its gaps as saved (two logs with the same gaps may differ in their stores' spare room). */
const asRead = (track: DeviceTrack) => ({ ...track, gaps: track.gaps.toJSON() });

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
            // A silence past 49 days and a clock with fractions: values 4 bytes cannot hold.
            { arbitrary: fc.constantFrom(60 * 24 * HOUR, 0.25, 1_500.5), weight: 1 },
          ),
          { minLength: 1, maxLength: 500, size: 'max' },
        ),
        fc.integer({ min: 1, max: 30 }),
        (steps, askEvery) => {
          let track: DeviceTrack | undefined;
          let plain: PlainTrack | undefined;
          let atMs = T0;
          steps.forEach((step, i) => {
            atMs += step;
            track = onHeard(track, atMs);
            plain = plainOnHeard(plain, atMs);
            // Asked now and then (not on every message), as the rules do when a reading arrives.
            if (i % askEvery === 0 || i === steps.length - 1) {
              expect(track.gaps.endsMs).toEqual(plain.endsMs);
              expect(track.gaps.lengthsMs).toEqual(plain.lengthsMs);
              expect(expectedIntervalMs(track, rules)).toBe(
                percentile90(plain.lengthsMs, rules.config.defaultIntervalMs),
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
    expect(later.gaps.toJSON()).toEqual({ endsMs: [T0 + 200 * MINUTE + 25 * HOUR], lengthsMs: [25 * HOUR] });
  });

  it('keeps the gaps as two lists of numbers, not an array per gap (memory at 10,000 fridges)', () => {
    let track: DeviceTrack | undefined;
    for (let i = 0; i <= 200; i++) track = onHeard(track, T0 + i * 12_000);
    // JSON as saved in alert_state: numbers only, no nested arrays, the shape earlier versions read.
    expect(JSON.stringify(track?.gaps)).toMatch(/^\{"endsMs":\[[\d,]+\],"lengthsMs":\[[\d,]+\]\}$/);
  });

  it('stores whole milliseconds in 4 bytes each, and what does not fit in 8, reading every value back', () => {
    let track: DeviceTrack | undefined;
    let plain: PlainTrack | undefined;
    const heard = (atMs: number) => {
      track = onHeard(track, atMs);
      plain = plainOnHeard(plain, atMs);
      return track;
    };
    for (let i = 0; i <= 30; i++) heard(T0 + i * 5 * MINUTE);
    expect(track?.gaps.bytesPerValue).toBe(4);
    // 60 days of silence: a gap past 2³² ms.
    expect(heard(T0 + 60 * 24 * HOUR).gaps.bytesPerValue).toBe(8);
    for (let i = 1; i <= 12; i++) heard(T0 + 60 * 24 * HOUR + i * 5 * MINUTE);
    expect(track?.gaps.toJSON()).toEqual({ endsMs: plain?.endsMs, lengthsMs: plain?.lengthsMs });
    // A day on, the long gap has expired and the log is compact again.
    expect(heard(T0 + 61 * 24 * HOUR + HOUR).gaps.bytesPerValue).toBe(4);
    // A clock with fractions of a millisecond.
    expect(heard(T0 + 61 * 24 * HOUR + HOUR + 0.5).gaps.bytesPerValue).toBe(8);
    expect(track?.gaps.toJSON()).toEqual({ endsMs: plain?.endsMs, lengthsMs: plain?.lengthsMs });
  });

  it('reads a track saved as { endsMs, lengthsMs } back into the same log, which steps on the same', () => {
    const rules = context();
    let track: DeviceTrack | undefined;
    for (let i = 0; i <= 160; i++) track = onHeard(track, T0 + i * (i % 3 === 0 ? 11 : 4) * MINUTE);
    if (!track) throw new Error('no track');
    const restored = savedDeviceTrack(JSON.parse(JSON.stringify(track)) as DeviceTrack);
    expect(asRead(restored)).toEqual(asRead(track));
    expect(expectedIntervalMs(restored, rules)).toBe(expectedIntervalMs(track, rules));
    const next = T0 + 161 * 11 * MINUTE;
    expect(asRead(onHeard(restored, next))).toEqual(asRead(onHeard(track, next)));
  });

  it('reads a track saved with [receivedAtMs, gapMs] pairs and learns the same interval from it', () => {
    const rules = context();
    let track: DeviceTrack | undefined;
    for (let i = 0; i <= 40; i++) track = onHeard(track, T0 + i * (i % 4 === 0 ? 7 : 5) * MINUTE);
    if (!track) throw new Error('no track');
    const pairs = track.gaps.endsMs.map((at, i) => [at, track?.gaps.lengthsMs[i]]);
    const saved = JSON.parse(JSON.stringify({ ...track, gaps: pairs })) as DeviceTrack;
    const restored = savedDeviceTrack(saved);
    expect(asRead(restored)).toEqual(asRead(track));
    expect(expectedIntervalMs(restored, rules)).toBe(expectedIntervalMs(track, rules));
    const next = T0 + 41 * 5 * MINUTE + HOUR;
    expect(asRead(onHeard(restored, next))).toEqual(asRead(onHeard(track, next)));
  });
});
