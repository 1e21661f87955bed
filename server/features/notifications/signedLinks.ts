import { randomBytes } from 'node:crypto';
import { signToken, type TokenCheck, verifyToken } from '../../domain/signedToken';
import type { Db } from '../../storage/database';
import { SettingsStore } from '../../storage/settingsStore';

const SECRET_KEY = 'link-signing-secret';

/**
 * The HMAC key of claim and preferences links: made on the first start and kept in the
 * settings table, so links sent before a restart still work after it.
 */
export function loadOrCreateLinkSecret(db: Db): Buffer {
  const settings = new SettingsStore(db);
  const stored = settings.get(SECRET_KEY);
  if (stored) return Buffer.from(stored, 'base64url');
  const secret = randomBytes(32);
  settings.set(SECRET_KEY, secret.toString('base64url'));
  return secret;
}

/** Builds absolute, signed links for people without an account. */
export class SignedLinks {
  /**
   * @param linkKeyOf the current link key of a volunteer, null when there is no such volunteer.
   *   Every link is signed with its holder's key (the holder is the link's last value), so deleting
   *   a volunteer, re-creating one with the same id, or revoking their links kills every older link.
   */
  constructor(
    private readonly secret: Buffer,
    /** The site's public base URL (SiteAddress.publicUrl): https under TLS, the real port. */
    private readonly baseUrl: () => string,
    private readonly linkKeyOf: (volunteerId: string) => string | null,
  ) {}

  url(path: string): string {
    return `${this.baseUrl()}${path}`;
  }

  /** Signs a link whose last value is the volunteer who holds it. */
  sign(purpose: string, values: string[], expiresAtMs: number): string {
    const key = this.linkKeyOf(values.at(-1) ?? '');
    if (key === null) throw new RangeError(`no volunteer "${values.at(-1)}" to hold a ${purpose} link`);
    return signToken({ purpose, values, expiresAtMs }, this.secret, key);
  }

  verify(token: string, purpose: string, nowMs: number): TokenCheck {
    return verifyToken(token, purpose, this.secret, nowMs, (values) => this.linkKeyOf(values.at(-1) ?? ''));
  }
}
