import type { TokenCheck } from '../../domain/signedToken';
import { AppError } from '../../errors';

/** The named error for a link that failed its check: tampered (or truncated) versus too old. */
export function tokenError(check: Exclude<TokenCheck, { ok: true }>): AppError {
  return check.reason === 'expired'
    ? new AppError('TOKEN_EXPIRED', 'this link has expired; the next notice brings a fresh one')
    : new AppError('TOKEN_INVALID', 'this link is not valid: it may have been cut short when copied');
}

/** The token segment of a signed-link route (fastify refuses longer path parameters: 100). */
export const TOKEN_MAX_LENGTH = 100;
