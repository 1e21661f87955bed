import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../../server/domain/signedToken';

const secret = Buffer.alloc(32, 7);
const payload = { purpose: 'c', expiresAtMs: 1_780_000_000_000, values: ['r-0123456789ab', 'ana'] };

describe('signed link tokens', () => {
  it('verify before they expire, for their purpose only', () => {
    const token = signToken(payload, secret);
    expect(verifyToken(token, 'c', secret, payload.expiresAtMs - 1)).toEqual({ ok: true, payload });
    expect(verifyToken(token, 'c', secret, payload.expiresAtMs)).toEqual({
      ok: false,
      reason: 'expired',
      payload,
    });
    expect(verifyToken(token, 'p', secret, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyToken(token, 'c', Buffer.alloc(32, 8), 0)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('fit in a URL path segment of 100 characters with the longest ids', () => {
    const token = signToken(
      { purpose: 'c', expiresAtMs: 4_102_444_800_000, values: ['r-0123456789ab', 'v'.repeat(40)] },
      secret,
    );
    expect(token.length).toBeLessThanOrEqual(100);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('refuse any change to a token (property)', () => {
    const token = signToken(payload, secret);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: token.length - 1 }),
        fc.constantFrom(...'ABCxyz019-_.='.split('')),
        (index, char) => {
          if (token[index] === char) return;
          const tampered = token.slice(0, index) + char + token.slice(index + 1);
          expect(verifyToken(tampered, 'c', secret, 0).ok).toBe(false);
        },
      ),
    );
    expect(verifyToken(`${token}A`, 'c', secret, 0).ok).toBe(false);
    expect(verifyToken(token.slice(0, -1), 'c', secret, 0).ok).toBe(false);
    expect(verifyToken('', 'c', secret, 0).ok).toBe(false);
    expect(verifyToken('x'.repeat(5000), 'c', secret, 0).ok).toBe(false);
  });

  it('cannot be given a longer expiry or another volunteer without the secret', () => {
    const token = signToken(payload, secret);
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const later = `c.${(9e12).toString(36)}.r-0123456789ab.ana.${signature}`;
    const other = `c.${payload.expiresAtMs.toString(36)}.r-0123456789ab.ben.${signature}`;
    expect(verifyToken(later, 'c', secret, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyToken(other, 'c', secret, 0)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('stop verifying when the holder’s key changes or the holder is gone', () => {
    const token = signToken(payload, secret, 'key-of-ana-1');
    const keyOf = (key: string | null) => (values: readonly string[]) =>
      values.at(-1) === 'ana' ? key : null;
    expect(verifyToken(token, 'c', secret, 0, keyOf('key-of-ana-1'))).toEqual({ ok: true, payload });
    expect(verifyToken(token, 'c', secret, 0, keyOf('key-of-ana-2'))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyToken(token, 'c', secret, 0, keyOf(null))).toEqual({ ok: false, reason: 'invalid' });
    // The key is signed, never written into the link.
    expect(token).not.toContain('key-of-ana');
    expect(token.length).toBe(signToken(payload, secret).length);
  });

  it('refuse to sign a value that could be confused with the separators', () => {
    expect(() => signToken({ ...payload, values: ['a.b'] }, secret)).toThrow(RangeError);
  });
});
