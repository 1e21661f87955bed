import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../config';
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

interface ListeningServer {
  address(): AddressInfo | string | null;
}

/** Builds absolute, signed links for people without an account. */
export class SignedLinks {
  private server: ListeningServer | null = null;

  /**
   * @param linkKeyOf the current link key of a volunteer, null when there is no such volunteer.
   *   Every link is signed with its holder's key (the holder is the link's last value), so deleting
   *   a volunteer, re-creating one with the same id, or revoking their links kills every older link.
   */
  constructor(
    private readonly secret: Buffer,
    private readonly config: Pick<Config, 'publicUrl' | 'httpHost' | 'httpPort'>,
    private readonly linkKeyOf: (volunteerId: string) => string | null,
  ) {}

  /** The HTTP server, so that without PUBLIC_URL links name the port actually listened on. */
  attachServer(server: ListeningServer): void {
    this.server = server;
  }

  baseUrl(): string {
    if (this.config.publicUrl) return this.config.publicUrl.replace(/\/+$/, '');
    const address = this.server?.address();
    const port = typeof address === 'object' && address ? address.port : this.config.httpPort;
    const host =
      this.config.httpHost === '0.0.0.0' || this.config.httpHost === '::'
        ? 'localhost'
        : this.config.httpHost;
    return `http://${host}:${port}`;
  }

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
