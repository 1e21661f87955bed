import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GapLog } from '../../../../server/domain/alerts/gapLog';
import { GapLogWriter, readGapLogs } from '../../../../server/domain/alerts/gapLogBytes';
import { T0 } from './fixtures';

/** Every value a log reads: gaps in order, the sorted lengths, and the width it keeps them in. */
const values = (log: GapLog) => ({
  endsMs: log.endsMs,
  lengthsMs: log.lengthsMs,
  sorted: Array.from({ length: log.size }, (_, i) => log.sortedAt(i)),
  bytesPerValue: log.size === 0 ? null : log.bytesPerValue,
});

/** Ends in order from T0; whole milliseconds, or (wide) fractions and a 60-day silence. */
const log = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 3_600_000 }), fc.boolean(), fc.boolean()), { maxLength: 160 })
  .map((steps) => {
    const endsMs: number[] = [];
    const lengthsMs: number[] = [];
    let atMs = T0;
    for (const [gapMs, fraction, longSilence] of steps) {
      const lengthMs =
        longSilence && steps.length % 7 === 0 ? 60 * 86_400_000 : gapMs + (fraction ? 0.25 : 0);
      atMs += lengthMs;
      endsMs.push(atMs);
      lengthsMs.push(lengthMs);
    }
    return GapLog.of(endsMs, lengthsMs);
  });

describe('gap logs as bytes (alert_state.gaps)', () => {
  it('reads back every value of every log exactly, in either width, from a buffer reused between writes', () => {
    const writer = new GapLogWriter();
    fc.assert(
      fc.property(fc.array(log, { maxLength: 4 }), (logs) => {
        const bytes = writer.write(logs).slice();
        expect(readGapLogs(bytes).map(values)).toEqual(logs.map(values));
      }),
      { numRuns: 300 },
    );
  });

  it('takes 8 bytes a gap when every value fits 4, 16 when not', () => {
    const writer = new GapLogWriter();
    const compact = GapLog.of([T0 + 1_000, T0 + 3_000], [1_000, 2_000]);
    const wide = GapLog.of([T0 + 1_000.5, T0 + 3_000], [1_000.5, 1_999.5]);
    expect(compact.bytesPerValue).toBe(4);
    expect(wide.bytesPerValue).toBe(8);
    expect(writer.write([compact]).byteLength).toBe(3 + 5 + 8 + 2 * 8);
    expect(writer.write([wide]).byteLength).toBe(3 + 5 + 2 * 16);
  });

  it('refuses bytes of a format it does not know', () => {
    expect(() => readGapLogs(new Uint8Array([2, 0, 0]))).toThrow(/unknown format 2/);
  });
});
