import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;

// scrypt parameters from OWASP's password storage cheat sheet (N=2^15, r=8, p=1 as a minimum:
// here 2^14 so a Raspberry Pi verifies a reconnect storm of devices quickly; device secrets
// are 144-bit random (generateSecret), not human passwords, so the work factor is not what
// protects them). The cost of new hashes is configurable (DEVICE_SECRET_HASH_COST, log2 N);
// each hash records its own parameters, so old and new hashes verify side by side.
export const DEFAULT_SECRET_HASH_COST = 14;
export const SECRET_HASH_COST_RANGE = { minimum: 10, maximum: 16 } as const;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

/** A new random device secret, shown to the organiser once. */
export function generateSecret(): string {
  return randomBytes(18).toString('base64url');
}

/** scrypt needs 128·N·r bytes; Node refuses more than 32 MiB unless told (N=2^15 at r=8 is 32 MiB). */
const maxmemFor = (n: number, r: number) => 256 * n * r;

/**
 * `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking old hashes.
 * `cost` is log2 N: each step doubles the time (about 40 ms at 14 on this project's 2-core test
 * machine, docs/scaling.md).
 */
export async function hashSecret(secret: string, cost: number = DEFAULT_SECRET_HASH_COST): Promise<string> {
  if (
    !Number.isInteger(cost) ||
    cost < SECRET_HASH_COST_RANGE.minimum ||
    cost > SECRET_HASH_COST_RANGE.maximum
  )
    throw new RangeError(
      `scrypt cost ${cost} is outside ${SECRET_HASH_COST_RANGE.minimum}..${SECRET_HASH_COST_RANGE.maximum}`,
    );
  const N = 2 ** cost;
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, KEY_BYTES, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  // A damaged row must never verify: an empty key would compare equal to any secret's.
  if (expected.length !== KEY_BYTES) return false;
  try {
    // A damaged or hostile row cannot make this allocate much: scrypt refuses beyond maxmem.
    const maxmem = maxmemFor(2 ** SECRET_HASH_COST_RANGE.maximum, R);
    const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem,
    });
    return timingSafeEqual(actual, expected);
  } catch {
    // Parameters scrypt refuses (a damaged row) answer "no", like a wrong secret.
    return false;
  }
}

/** Compares two secrets in constant time (for tokens kept in memory, like the server's own). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
