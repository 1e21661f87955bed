import { describe, expect, it } from 'vitest';
import { VerifiedSecrets } from '../../broker/verifiedSecrets';

describe('VerifiedSecrets', () => {
  const key = Buffer.alloc(32, 7);

  it('knows nothing of a device that has not logged in', () => {
    expect(new VerifiedSecrets(key).check('elm-sensor', 'scrypt$hash-1', 'secret')).toBe('unverified');
  });

  it('recognises the verified secret and knows any other one is wrong', () => {
    const secrets = new VerifiedSecrets(key);
    secrets.remember('elm-sensor', 'scrypt$hash-1', 'right-secret');
    expect(secrets.check('elm-sensor', 'scrypt$hash-1', 'right-secret')).toBe('right');
    expect(secrets.check('elm-sensor', 'scrypt$hash-1', 'right-secreT')).toBe('wrong');
    expect(secrets.check('elm-sensor', 'scrypt$hash-1', '')).toBe('wrong');
    // Another device's entry is its own.
    expect(secrets.check('oak-sensor', 'scrypt$hash-1', 'right-secret')).toBe('unverified');
  });

  it('asks for scrypt again once the stored hash changed, or the device was forgotten', () => {
    const secrets = new VerifiedSecrets(key);
    secrets.remember('elm-sensor', 'scrypt$hash-1', 'right-secret');
    expect(secrets.check('elm-sensor', 'scrypt$hash-2', 'right-secret')).toBe('unverified');
    secrets.forget('elm-sensor');
    expect(secrets.check('elm-sensor', 'scrypt$hash-1', 'right-secret')).toBe('unverified');
  });
});
