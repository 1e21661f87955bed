import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GapLog } from '../../../../server/domain/alerts/gapLog';
import { HOUR, T0 } from './fixtures';
import { ReferenceGapLog } from './gapLogReference';

/** Everything a log shows: its gaps, their sorted lengths, its width and its saved form. */
function shown(log: GapLog | ReferenceGapLog) {
  return {
    size: log.size,
    endsMs: log.endsMs,
    lengthsMs: log.lengthsMs,
    sorted: Array.from({ length: log.size }, (_, i) => log.sortedAt(i)),
    bytesPerValue: log.bytesPerValue,
    saved: JSON.parse(JSON.stringify(log)) as unknown,
  };
}

/** One step of some version: which (counted back from the newest), what it drops and adds. */
const step = fc.record({
  back: fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    // The version just before: a sibling of the newest, which may end where the newest ends.
    { arbitrary: fc.constant(1), weight: 2 },
    { arbitrary: fc.integer({ min: 2, max: 40 }), weight: 1 },
  ),
  dropped: fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    { arbitrary: fc.constant(1), weight: 4 },
    { arbitrary: fc.integer({ min: 2, max: 200 }), weight: 1 },
  ),
  added: fc.oneof(
    // Few distinct lengths, so equal values must be taken out one at a time.
    { arbitrary: fc.integer({ min: 1, max: 12 }), weight: 6 },
    { arbitrary: fc.integer({ min: 1, max: 20 * 60_000 }), weight: 6 },
    { arbitrary: fc.constant(null), weight: 3 },
    // Values 4 bytes cannot hold: past 2³² ms (49 days), fractions, zero and below.
    { arbitrary: fc.constantFrom(60 * 24 * HOUR, 0.5, 0, -3), weight: 1 },
  ),
  advanceMs: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 15 * 60_000 }), weight: 12 },
    { arbitrary: fc.constantFrom(0, -5_000, 0.25, 50 * 24 * HOUR, 2 ** 32 + 7), weight: 1 },
  ),
  /** Saved and read back before stepping, as a restart would. */
  restored: fc.oneof(
    { arbitrary: fc.constant(false), weight: 19 },
    { arbitrary: fc.constant(true), weight: 1 },
  ),
  /** Whether an older version is read in between (its sorted lengths, which the newest moved on). */
  readBack: fc.integer({ min: 0, max: 40 }),
});

describe('the gap log appending in place', () => {
  it('shows what the copying log showed after any steps, of the newest version or of older ones', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 400 }), (steps) => {
        const versions: Array<{ log: GapLog; model: ReferenceGapLog; lastEndMs: number }> = [
          { log: GapLog.empty, model: ReferenceGapLog.empty, lastEndMs: T0 },
        ];
        for (const { back, dropped, added, advanceMs, restored, readBack } of steps) {
          const from = versions[Math.max(0, versions.length - 1 - back)];
          if (!from) throw new Error('no version');
          const endMs = from.lastEndMs + advanceMs;
          const drop = Math.min(dropped, from.log.size);
          const base = restored ? GapLog.of(from.log.endsMs, from.log.lengthsMs) : from.log;
          const log = base.next(drop, added, endMs);
          const model = from.model.next(drop, added, endMs);
          expect(shown(log)).toEqual(shown(model));
          versions.push({ log, model, lastEndMs: added === null ? from.lastEndMs : endMs });
          const older = versions[Math.max(0, versions.length - 1 - readBack)];
          if (older) expect(shown(older.log)).toEqual(shown(older.model));
        }
        // Every version made along the way still reads as it did when it was made.
        for (const { log, model } of versions) expect(shown(log)).toEqual(shown(model));
      }),
      { numRuns: 200 },
    );
  });

  it('copies when a version that is not the newest is stepped, even where both end at the same gap', () => {
    let log = GapLog.empty;
    for (let i = 1; i <= 12; i++) log = log.next(0, [5, 1, 9, 1][i % 4] as number, T0 + i * 60_000);
    const shorter = log.next(2, null, 0);
    const longer = log.next(0, 3, T0 + 13 * 60_000);
    const model = ReferenceGapLog.of(log.endsMs, log.lengthsMs);
    expect(shown(longer)).toEqual(shown(model.next(0, 3, T0 + 13 * 60_000)));
    expect(shown(shorter)).toEqual(shown(model.next(2, null, 0)));
    expect(shown(log)).toEqual(shown(model));
  });

  it('reads back what it saved, and the copying log reads it back the same', () => {
    let log = GapLog.empty;
    let model = ReferenceGapLog.empty;
    for (let i = 1; i <= 170; i++) {
      const dropped = Math.max(0, log.size + 1 - 150);
      log = log.next(dropped, (i % 7) * 60_000 + 1, T0 + i * 10 * 60_000);
      model = model.next(dropped, (i % 7) * 60_000 + 1, T0 + i * 10 * 60_000);
    }
    const saved = JSON.parse(JSON.stringify(log)) as { endsMs: number[]; lengthsMs: number[] };
    expect(saved).toEqual(JSON.parse(JSON.stringify(model)));
    expect(shown(GapLog.of(saved.endsMs, saved.lengthsMs))).toEqual(shown(model));
    expect(shown(ReferenceGapLog.of(saved.endsMs, saved.lengthsMs))).toEqual(shown(log));
  });

  it('appends a day of gaps into a few stores, not one per message', () => {
    let log = GapLog.empty;
    const stores = new Set<unknown>();
    for (let i = 1; i <= 1_000; i++) {
      log = log.next(Math.max(0, log.size + 1 - 150), 600_000 + (i % 13), T0 + i * 600_000);
      stores.add((log as unknown as { store: unknown }).store);
    }
    // 150 gaps and an eighth more of room: a new store every 18 appends once full.
    expect(log.size).toBe(150);
    expect(stores.size).toBeLessThan(1_000 / 15);
  });
});
