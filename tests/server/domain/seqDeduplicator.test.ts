import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeqDeduplicator } from '../../../server/domain/seqDeduplicator';

const WINDOW_MS = 24 * 3600_000;

describe('SeqDeduplicator', () => {
  it('counts a resent seq once inside the window', () => {
    const dedupe = new SeqDeduplicator(WINDOW_MS);
    expect(dedupe.isDuplicate('scale-1', 17, 1_000)).toBe(false);
    expect(dedupe.isDuplicate('scale-1', 17, 2_000)).toBe(true);
    expect(dedupe.isDuplicate('scale-1', 18, 2_000)).toBe(false);
  });

  it('keeps each device counter apart', () => {
    const dedupe = new SeqDeduplicator(WINDOW_MS);
    expect(dedupe.isDuplicate('scale-1', 5, 0)).toBe(false);
    expect(dedupe.isDuplicate('scale-2', 5, 0)).toBe(false);
    expect(dedupe.isDuplicate('scale-2', 5, 1)).toBe(true);
  });

  it('remembers a seq for exactly the window, then accepts it again', () => {
    const dedupe = new SeqDeduplicator(1_000);
    expect(dedupe.isDuplicate('d', 1, 0)).toBe(false);
    expect(dedupe.isDuplicate('d', 1, 1_000)).toBe(true);
    expect(dedupe.isDuplicate('d', 1, 1_001)).toBe(false);
    expect(dedupe.isDuplicate('d', 1, 1_500)).toBe(true);
  });

  it('still recognises a resend after a restart, once seeded from storage', () => {
    const dedupe = new SeqDeduplicator(WINDOW_MS);
    dedupe.remember('scale-1', 41, 10_000);
    expect(dedupe.isDuplicate('scale-1', 41, 20_000)).toBe(true);
    expect(dedupe.isDuplicate('scale-1', 42, 20_000)).toBe(false);
  });

  it('does not count a seeded seq older than the window as a duplicate', () => {
    const dedupe = new SeqDeduplicator(1_000);
    dedupe.remember('scale-1', 41, 0);
    expect(dedupe.isDuplicate('scale-1', 41, 5_000)).toBe(false);
  });

  it('accepts a resend of a seq it was told to forget (the reading could not be stored)', () => {
    const dedupe = new SeqDeduplicator(WINDOW_MS);
    expect(dedupe.isDuplicate('scale-1', 7, 0)).toBe(false);
    dedupe.forget('scale-1', 7);
    expect(dedupe.isDuplicate('scale-1', 7, 10)).toBe(false);
    expect(dedupe.isDuplicate('scale-1', 7, 20)).toBe(true);
    expect(() => dedupe.forget('never-seen', 1)).not.toThrow();
  });

  it('agrees with a simple model over any run of messages (property)', () => {
    const windowMs = 10_000;
    const message = fc.record({
      device: fc.constantFrom('a', 'b', 'c'),
      seq: fc.integer({ min: 0, max: 6 }),
      gapMs: fc.integer({ min: 0, max: 4_000 }),
      forget: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 80 }), (messages) => {
        const dedupe = new SeqDeduplicator(windowMs);
        const firstSeen = new Map<string, number>();
        let now = 0;
        for (const { device, seq, gapMs, forget } of messages) {
          now += gapMs;
          const key = `${device}:${seq}`;
          const seenAt = firstSeen.get(key);
          const expected = seenAt !== undefined && now - seenAt <= windowMs;
          expect(dedupe.isDuplicate(device, seq, now)).toBe(expected);
          if (!expected) firstSeen.set(key, now);
          if (forget && !expected) {
            dedupe.forget(device, seq);
            firstSeen.delete(key);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
