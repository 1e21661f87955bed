import { sameSecret } from '../../broker/credentials';
import { AppError } from '../errors';

/**
 * Whether an Authorization header bears the organiser token. The scheme is case-insensitive
 * (RFC 7235 §2.1); the token is not.
 */
export function bearsOrganiserToken(authorization: string | undefined, adminToken: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  // Constant-time comparison: the token must not leak through response timing.
  return match?.[1] !== undefined && sameSecret(match[1], adminToken);
}

export const organiserTokenRequired = () => new AppError('UNAUTHORIZED');
