import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens for links that act without an account (claim a restock request,
 * change one's notice preferences): `purpose.expiry.value….signature`, short enough for a URL
 * path segment (fastify's default limit is 100 characters) and for a chat message.
 * The payload is readable, never secret; any change to it breaks the signature.
 */
export interface TokenPayload {
  /** What the link may do, one short code; a token for one purpose is refused for another. */
  purpose: string;
  /** Epoch ms after which the link is refused. */
  expiresAtMs: number;
  /** The subjects, in an order the purpose defines (a request id, a volunteer id, ...). */
  values: string[];
}

export type TokenCheck =
  | { ok: true; payload: TokenPayload }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; payload: TokenPayload };

const FIELD = /^[a-z0-9-]+$/;
const EXPIRY = /^[0-9a-z]{1,11}$/;
/** HMAC-SHA256 truncated to 128 bits: RFC 2104 §5 allows truncation to half the hash output. */
const SIGNATURE_BYTES = 16;
const MAX_TOKEN_LENGTH = 200;

/**
 * The binding is signed but never written into the token: a per-holder key that the server keeps
 * (a volunteer's link key). Change it, and every token signed with the old one stops verifying.
 */
const signatureOf = (body: string, secret: Buffer, binding: string): Buffer =>
  createHmac('sha256', secret)
    .update(binding === '' ? body : `${body}\n${binding}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES);

export function signToken(payload: TokenPayload, secret: Buffer, binding = ''): string {
  for (const field of [payload.purpose, ...payload.values]) {
    if (!FIELD.test(field))
      throw new RangeError(`"${field}" cannot go in a link token (a-z, 0-9 and - only)`);
  }
  const body = [payload.purpose, Math.floor(payload.expiresAtMs).toString(36), ...payload.values].join('.');
  return `${body}.${signatureOf(body, secret, binding).toString('base64url')}`;
}

/**
 * Checks the signature (in constant time), then the purpose, then the expiry. `bindingOf` gives
 * the binding the token was signed with, from its values (null: no such holder, so invalid).
 */
export function verifyToken(
  token: string,
  purpose: string,
  secret: Buffer,
  nowMs: number,
  bindingOf: (values: readonly string[]) => string | null = () => '',
): TokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'invalid' };
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return { ok: false, reason: 'invalid' };
  const body = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  const given = Buffer.from(signature, 'base64url');
  // Node decodes base64url leniently; only the canonical spelling of a signature is accepted.
  if (given.toString('base64url') !== signature || given.length !== SIGNATURE_BYTES) {
    return { ok: false, reason: 'invalid' };
  }
  const [tokenPurpose, expiry, ...values] = body.split('.');
  const binding = bindingOf(values);
  if (binding === null) return { ok: false, reason: 'invalid' };
  if (!timingSafeEqual(given, signatureOf(body, secret, binding))) return { ok: false, reason: 'invalid' };
  if (tokenPurpose !== purpose || expiry === undefined || !EXPIRY.test(expiry))
    return { ok: false, reason: 'invalid' };
  const payload: TokenPayload = { purpose, expiresAtMs: Number.parseInt(expiry, 36), values };
  if (nowMs >= payload.expiresAtMs) return { ok: false, reason: 'expired', payload };
  return { ok: true, payload };
}
