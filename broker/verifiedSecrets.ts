import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type SecretCheck = 'right' | 'wrong' | 'unverified';

/**
 * For each device that has logged in since the broker started, a keyed fingerprint of the secret
 * scrypt verified (HMAC-SHA256 under a random key made at start and never stored). A later login
 * with that secret is recognised without scrypt, and any other secret is known to be wrong
 * without scrypt. So login limits, which only ever withhold scrypt verifications, cannot turn
 * away a device that presents the secret it logged in with before, from whatever address, and a
 * guess at such a device costs the broker one HMAC.
 *
 * A fingerprint is tied to the stored hash it was checked against: a changed hash (a new secret)
 * is verified with scrypt again. Memory: one entry per device that logged in; strangers cannot
 * add entries without a device's secret.
 */
export class VerifiedSecrets {
  private readonly fingerprints = new Map<string, { secretHash: string; fingerprint: Buffer }>();

  constructor(private readonly key: Buffer = randomBytes(32)) {}

  check(deviceId: string, secretHash: string, secret: string): SecretCheck {
    const known = this.fingerprints.get(deviceId);
    if (!known || known.secretHash !== secretHash) return 'unverified';
    return timingSafeEqual(this.fingerprintOf(secret), known.fingerprint) ? 'right' : 'wrong';
  }

  /** Call only after scrypt verified `secret` against `secretHash`. */
  remember(deviceId: string, secretHash: string, secret: string): void {
    this.fingerprints.set(deviceId, { secretHash, fingerprint: this.fingerprintOf(secret) });
  }

  forget(deviceId: string): void {
    this.fingerprints.delete(deviceId);
  }

  private fingerprintOf(secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret, 'utf8').digest();
  }
}
