import type { TokenCheck } from '../../domain/signedToken';
import { AppError } from '../../errors';

/** The named error for a link that failed its check: tampered (or truncated) versus too old. */
export function tokenError(check: Exclude<TokenCheck, { ok: true }>): AppError {
  return check.reason === 'expired' ? new AppError('TOKEN_EXPIRED') : new AppError('TOKEN_INVALID');
}

/** The token segment of a signed-link route (fastify refuses longer path parameters: 100). */
export const TOKEN_MAX_LENGTH = 100;
