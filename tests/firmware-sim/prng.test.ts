import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, gaussian } from '../../firmware-sim/prng';

describe('seeded random generator', () => {
  it('replays the same sequence from the same seed, and continues from a saved state', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    const resumed = createRng(a.state());
    expect(resumed.next()).toBe(a.next());
  });

  it('gives values in [0, 1) with a plausible mean, and standard normals with sigma ~1', () => {
    const rng = createRng(1);
    const values = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
    const normals = Array.from({ length: 20_000 }, () => gaussian(rng));
    const variance = normals.reduce((s, v) => s + v * v, 0) / normals.length;
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
  });

  it('derives different streams for different names from one seed', () => {
    expect(deriveSeed(1, 'fridge:a')).not.toBe(deriveSeed(1, 'fridge:b'));
    expect(deriveSeed(1, 'fridge:a')).not.toBe(deriveSeed(2, 'fridge:a'));
    expect(deriveSeed(1, 'fridge:a')).toBe(deriveSeed(1, 'fridge:a'));
  });
});
