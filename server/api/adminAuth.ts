import type { FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret } from '../../broker/credentials';
import { AppError } from '../errors';

/** A preHandler that lets through only requests bearing the organiser token. */
export function requireAdminToken(adminToken: string) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // Constant-time comparison: the token must not leak through response timing.
    if (!match?.[1] || !sameSecret(match[1], adminToken)) {
      throw new AppError(
        'UNAUTHORIZED',
        'this needs the organiser token: Authorization: Bearer <ADMIN_TOKEN>',
      );
    }
  };
}
