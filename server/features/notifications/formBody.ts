import type { FastifyInstance } from 'fastify';
import { parseFormBody } from './html';

/** Lets an encapsulated plugin take HTML form posts (fastify parses only JSON and text by itself). */
export function acceptFormBodies(app: FastifyInstance): void {
  if (app.hasContentTypeParser('application/x-www-form-urlencoded')) return;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8 * 1024 },
    (_request, body, done) => {
      done(null, parseFormBody(typeof body === 'string' ? body : body.toString('utf8')));
    },
  );
}
