/**
 * A small seeded pseudo-random generator, so every scenario can be replayed from its seed.
 * Mulberry32 (Tommy Ettinger, public domain): 32 bits of state, period 2^32, good enough for
 * simulation and far from cryptographic.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** The generator's whole state; `createRng(state)` continues the same sequence. */
  state(): number;
}

/** A range to draw from, uniformly unless its user says otherwise. */
export interface Range {
  min: number;
  max: number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => state,
  };
}

/**
 * Derives an independent 32-bit seed for one named stream (a fridge, a device) from the run's
 * seed, so adding a fridge to a scenario does not change what the others do. FNV-1a over the name.
 */
export function deriveSeed(seed: number, name: string): number {
  let hash = (2166136261 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i += 1) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

/** Standard normal variate (Box-Muller); `1 - next()` keeps the logarithm away from 0. */
export function gaussian(rng: Rng, mean = 0, sigma = 1): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return mean + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Waiting time until the next event of a Poisson process with this mean rate. */
export function exponentialMs(rng: Rng, ratePerMs: number): number {
  return -Math.log(1 - rng.next()) / ratePerMs;
}

/** Log-uniform: short values are as likely per decade as long ones (door sessions, mostly brief). */
export function logUniform(rng: Rng, min: number, max: number): number {
  return min * (max / min) ** rng.next();
}
