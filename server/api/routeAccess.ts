/**
 * Who may call a route, declared in the route's own options (`config: { access }`) and enforced by
 * one onRequest hook (see `httpSecurity.ts`), which runs before the body is parsed or validated:
 * an unauthenticated caller learns nothing about a route's schema.
 * - `public`: anyone.
 * - `signedLink`: anyone holding a signed link; the token in the path is the permission, and the
 *   route checks it (claim links, preference links).
 * - `organiser`: only requests bearing the organiser token.
 * - `optionalOrganiser`: anyone; organisers see more (who claimed a request). A token presented
 *   here is still tried against the organiser token, so it counts against the organiser limit.
 */
export type RouteAccess = 'public' | 'signedLink' | 'organiser' | 'optionalOrganiser';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: registering a route without it throws. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The request bears the organiser token; set in onRequest, before anything else sees it. */
    organiser: boolean;
  }
}

/** The per-address counters of the rate limit; each is shared by every route of its group. */
export type RateLimitGroup = 'organiser' | 'publicWrite';

export interface RouteTraits {
  /** Some method of the route can change state (POST, PATCH, PUT, DELETE). */
  isWrite: boolean;
  /** A claim link from a volunteer's message (`/claim/...`, `/api/claim/...`). */
  isClaimLink: boolean;
}

/**
 * Which counter a request counts against. Everything that tries the organiser token shares one,
 * so guessing it across many endpoints gets no more tries than on one; a caller without a token
 * on an optional-token route is just the public.
 */
export function rateLimitGroupOf(
  access: RouteAccess,
  route: RouteTraits,
  presentsToken: boolean,
): RateLimitGroup | null {
  switch (access) {
    case 'organiser':
      return 'organiser';
    case 'optionalOrganiser':
      return presentsToken ? 'organiser' : null;
    case 'signedLink':
    case 'public':
      return route.isClaimLink || route.isWrite ? 'publicWrite' : null;
  }
}

/** Whether the organiser token is checked at all, and whether its absence is refused. */
export function tokenCheckOf(access: RouteAccess, presentsToken: boolean): 'require' | 'inspect' | 'none' {
  switch (access) {
    case 'organiser':
      return 'require';
    case 'optionalOrganiser':
      return presentsToken ? 'inspect' : 'none';
    case 'signedLink':
    case 'public':
      return 'none';
  }
}

type SecurityRequirement = Record<string, string[]>;

/** The OpenAPI `security` of a route, derived from its access so the document cannot drift from it. */
export function openApiSecurityOf(access: RouteAccess): SecurityRequirement[] | undefined {
  switch (access) {
    case 'organiser':
      return [{ bearer: [] }];
    // `{}` is "no requirement" (OpenAPI 3.0 §4.7.30): the token is optional.
    case 'optionalOrganiser':
      return [{}, { bearer: [] }];
    case 'signedLink':
    case 'public':
      return undefined;
  }
}

/**
 * Whether any web page may read a route's answers (`Access-Control-Allow-Origin: *`): only the
 * public reads of the API, so any community map can show the network (issue 11). Never a route
 * that takes or inspects the organiser token, and never a write: a stranger's page must not make
 * a visitor's browser report or follow on its behalf.
 */
export function corsOpenOf(access: RouteAccess, route: RouteTraits & { url: string }): boolean {
  return access === 'public' && !route.isWrite && route.url.startsWith('/api/');
}
