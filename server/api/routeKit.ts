import type { FastifySchema } from 'fastify';
import Type from 'typebox';
import { ApiErrorSchema, type FridgeStatus } from '../../contract/api';
import type { FridgeDefinition } from '../domain/fridgeStatus';
import type { TokenCheck } from '../domain/signedToken';
import { AppError, fridgeNotFound } from '../errors';
import type { FridgeCatalog } from '../features/fridgeCatalog';
import type { RouteAccess } from './routeAccess';

/**
 * One call declares a route's access (see `routeAccess.ts`) and the refusals it documents, each in
 * the one error shape; the route's own schema (summary, params, body, success answers) stays at the
 * call site: `app.post(path, organiserRoute({ summary, body, response: { 201: X } }), handler)`.
 */

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410;
type ErrorTable<S extends ErrorStatus> = { [K in S]: typeof ApiErrorSchema };

/** What the routes of feature modules document: bad input, no token, forbidden, not found, conflict, gone (an expired link). */
export const REFUSALS = [400, 401, 403, 404, 409, 410] as const;
/** What the fridge, device and shelf routes document: they follow no link, so neither 403 nor 410. */
export const FRIDGE_REFUSALS = [400, 401, 404, 409] as const;

type Declared<A extends RouteAccess, Schema extends FastifySchema, S extends ErrorStatus> = {
  config: { access: A };
  schema: [S] extends [never]
    ? Schema
    : Omit<Schema, 'response'> & { response: Schema['response'] & ErrorTable<S> };
};

function declare<A extends RouteAccess, Schema extends FastifySchema, S extends ErrorStatus>(
  access: A,
  schema: Schema,
  refusals: readonly S[],
): Declared<A, Schema, S> {
  if (refusals.length === 0) return { config: { access }, schema } as Declared<A, Schema, S>;
  const errors = Object.fromEntries(refusals.map((status) => [status, ApiErrorSchema]));
  const response = { ...(schema.response as object | undefined), ...errors };
  return { config: { access }, schema: { ...schema, response } } as Declared<A, Schema, S>;
}

/** Only organisers (the organiser token); documents `REFUSALS` unless told otherwise. */
export const organiserRoute = <
  Schema extends FastifySchema,
  S extends ErrorStatus = (typeof REFUSALS)[number],
>(
  schema: Schema,
  // The default stands for S's own default, which TypeScript cannot see from inside the generic.
  refusals: readonly S[] = REFUSALS as readonly ErrorStatus[] as readonly S[],
) => declare('organiser', schema, refusals);

/** Anyone; organisers see more (who claimed). Documents only the refusals it is given. */
export const optionalOrganiserRoute = <Schema extends FastifySchema, S extends ErrorStatus = never>(
  schema: Schema,
  refusals: readonly S[] = [],
) => declare('optionalOrganiser', schema, refusals);

/** Anyone. Documents only the refusals it is given. */
export const publicRoute = <Schema extends FastifySchema, S extends ErrorStatus = never>(
  schema: Schema,
  refusals: readonly S[] = [],
) => declare('public', schema, refusals);

/** JSON behind a signed link (the token in the path is the permission); documents `REFUSALS`. */
export const signedLinkRoute = <Schema extends FastifySchema>(schema: Schema) =>
  declare('signedLink', schema, REFUSALS);

/** An HTML page behind a signed link: it answers every refusal as a page (`sendPage`), so documents none. */
export const signedLinkPage = <Schema extends FastifySchema>(schema: Schema) =>
  declare('signedLink', schema, []);

/** The longest token segment of a signed link (fastify refuses longer path parameters: 100). */
export const TOKEN_MAX_LENGTH = 100;
/** The path parameters of every signed-link route. */
export const TokenParams = Type.Object({
  token: Type.String({ minLength: 10, maxLength: TOKEN_MAX_LENGTH }),
});

/** The values a valid signed link carries; a tampered (or truncated) or too old one is refused. */
export function signedLinkValues(
  links: { verify(token: string, purpose: string, nowMs: number): TokenCheck },
  token: string,
  purpose: string,
  nowMs: number,
): string[] {
  const check = links.verify(token, purpose, nowMs);
  if (!check.ok)
    throw check.reason === 'expired' ? new AppError('TOKEN_EXPIRED') : new AppError('TOKEN_INVALID');
  return check.payload.values;
}

/** The fridge a route names, or the 404 `FRIDGE_NOT_FOUND`. */
export function requireFridge(catalog: FridgeCatalog, id: string): FridgeDefinition {
  const fridge = catalog.definition(id);
  if (!fridge) throw fridgeNotFound(id);
  return fridge;
}

/** The live status of the fridge a route names, or the 404 `FRIDGE_NOT_FOUND`. */
export function requireFridgeStatus(catalog: FridgeCatalog, id: string): FridgeStatus {
  const status = catalog.status(id);
  if (!status) throw fridgeNotFound(id);
  return status;
}
