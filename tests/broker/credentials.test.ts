import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, sameSecret, verifySecret } from '../../broker/credentials';

describe('device secrets', () => {
  it('verifies the secret a hash was made from, and no other', async () => {
    const stored = await hashSecret('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain('correct horse');
    await expect(verifySecret('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifySecret('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(verifySecret('Correct horse battery staple', stored)).resolves.toBe(false);
    await expect(verifySecret('', stored)).resolves.toBe(false);
  });

  it('makes hashes at a configured cost that verify beside default-cost ones, and refuses a cost out of range', async () => {
    const cheap = await hashSecret('s3cret', 10);
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(verifySecret('s3cret', cheap)).resolves.toBe(true);
    await expect(verifySecret('s3cres', cheap)).resolves.toBe(false);
    // Above Node's default 32 MiB scrypt memory cap: allowed through maxmem.
    const dear = await hashSecret('s3cret', 16);
    expect(dear).toMatch(/^scrypt\$65536\$8\$1\$/);
    await expect(verifySecret('s3cret', dear)).resolves.toBe(true);
    for (const cost of [9, 17, 12.5]) await expect(hashSecret('s3cret', cost)).rejects.toThrow(RangeError);
    // A stored row asking for more memory than any allowed cost answers "no", allocating nothing.
    const huge = cheap.replace('$1024$', `$${2 ** 20}$`);
    await expect(verifySecret('s3cret', huge)).resolves.toBe(false);
  });

  it('salts every hash, so equal secrets do not give equal hashes', async () => {
    const [a, b] = await Promise.all([hashSecret('same'), hashSecret('same')]);
    expect(a).not.toBe(b);
    await expect(verifySecret('same', b)).resolves.toBe(true);
  });

  it('round-trips a non-ASCII secret', async () => {
    const stored = await hashSecret('kühlschrank-🧊');
    await expect(verifySecret('kühlschrank-🧊', stored)).resolves.toBe(true);
    await expect(verifySecret('kuhlschrank-🧊', stored)).resolves.toBe(false);
  });

  it('answers false for a stored hash that is missing parts or uses another scheme', async () => {
    const stored = await hashSecret('s3cret');
    const parts = stored.split('$');
    const malformed = [
      '',
      'scrypt',
      'not-a-hash',
      parts.slice(0, 5).join('$'),
      ['bcrypt', ...parts.slice(1)].join('$'),
      ['scrypt', '', ...parts.slice(2)].join('$'),
      [...parts.slice(0, 4), '', parts[5]].join('$'),
    ];
    for (const value of malformed) await expect(verifySecret('s3cret', value), value).resolves.toBe(false);
  });

  it('answers false when the stored hash was made with another salt', async () => {
    const [a, b] = await Promise.all([hashSecret('s3cret'), hashSecret('s3cret')]);
    const partsA = a.split('$');
    const partsB = b.split('$');
    const swapped = [...partsA.slice(0, 4), partsB[4], partsA[5]].join('$');
    await expect(verifySecret('s3cret', swapped)).resolves.toBe(false);
  });

  // BUG (broker/credentials.ts verifySecret): a stored hash whose last field decodes to zero
  // bytes makes scrypt derive an empty key, and timingSafeEqual of two empty buffers is true,
  // so every secret is accepted. Remove `.fails` once an empty or short expected hash is refused.
  it('answers false for a stored hash whose hash field is empty after decoding', async () => {
    await expect(verifySecret('anything at all', 'scrypt$16384$8$1$c2FsdHNhbHQ$!!!!')).resolves.toBe(false);
  });

  // BUG (broker/credentials.ts verifySecret): non-numeric or invalid scrypt parameters make
  // scrypt throw, so the promise rejects instead of answering false. Remove `.fails` once fixed.
  it('answers false, rather than throwing, for unusable scrypt parameters', async () => {
    await expect(verifySecret('s3cret', 'scrypt$abc$8$1$c2FsdHNhbHQ$aGFzaGhhc2g')).resolves.toBe(false);
  });
});

describe('generateSecret', () => {
  it('makes distinct URL-safe secrets of 144 random bits', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});

describe('sameSecret', () => {
  it('is true only for identical secrets', () => {
    expect(sameSecret('server-token-1234', 'server-token-1234')).toBe(true);
    expect(sameSecret('server-token-1234', 'server-token-1235')).toBe(false);
    expect(sameSecret('server-token-1234', 'server-token-123')).toBe(false);
    expect(sameSecret('server-token-1234', '')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });

  it('compares bytes, not UTF-16 lengths', () => {
    expect(sameSecret('é', 'é')).toBe(true);
    expect(sameSecret('é', 'e\u0301')).toBe(false);
    expect(sameSecret('ab', 'é')).toBe(false);
  });
});
