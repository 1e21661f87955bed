import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type {
  FastifyInstance,
  onRequestAsyncHookHandler,
  preHandlerAsyncHookHandler,
  RouteOptions,
} from 'fastify';
import { AppError } from '../errors';
import { bearsOrganiserToken, organiserTokenRequired } from './adminAuth';
import {
  corsOpenOf,
  openApiSecurityOf,
  type RateLimitGroup,
  type RouteAccess,
  rateLimitGroupOf,
  tokenCheckOf,
} from './routeAccess';

export interface HttpSecurityOptions {
  /** Origins whose pages may call the API from a browser (CORS); empty: none but our own. */
  corsOrigins: readonly string[];
  /** The organiser token, which `organiser` routes require and `optionalOrganiser` routes inspect. */
  adminToken: string;
  /** Requests per minute and address that try the organiser token: every `organiser` route, and any other with a token. */
  organiserPerMinute: number;
  /** Requests per minute and address to public writes: claims and any other write without a token. */
  claimPerMinute: number;
  /** Served over HTTPS: adds HSTS and `upgrade-insecure-requests`. */
  https: boolean;
  /** Origins images may come from besides this one: the map's tile server, nothing else. */
  imageOrigins?: readonly string[];
}

const ONE_MINUTE_MS = 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Claim links from volunteers' messages, every method: opening one (GET) only shows the request,
 * but each check of its signed token is work a stranger can ask for, and the POST claims.
 */
const CLAIM_LINK = /^\/(api\/)?claim\//;

/**
 * The dashboard is a Vite bundle served from this origin: one module script and one stylesheet
 * under /assets, an inline SVG favicon (`data:`), and fetch/EventSource to /api. Nothing else
 * may load, so injected markup cannot run script or send data elsewhere.
 */
function contentSecurityPolicy(https: boolean, imageOrigins: readonly string[]): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', ...imageOrigins],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
    // Only over HTTPS: on a plain-HTTP LAN address it would send the browser to a port with no TLS.
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  };
}

function isWrite(route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.some((m) => !READ_METHODS.has(m.toUpperCase()));
}

/** Registers plugins whose routes cannot declare an access of ours; see `registerUndeclared`. */
export interface RouteAccessControl {
  /**
   * Runs `register` (which must finish registering its routes before it resolves), giving
   * `access` to every route it adds without declaring one.
   */
  registerUndeclared(access: RouteAccess, register: () => PromiseLike<unknown>): Promise<void>;
}

/**
 * Security headers (helmet), CORS limited to configured origins, rate limits, and the access each
 * route declares (`config: { access }`, see `routeAccess.ts`), registered before any route.
 * Every route gets one onRequest hook, first of its own: the rate limit its access picks, then
 * the organiser token check. Both run before the body is parsed or validated, so a flood or a
 * caller without the token is refused before any work and learns nothing about the schema.
 * Each limit is one counter per address shared by every route of its group (`rateLimitGroupOf`).
 * A route that sets its own `config.rateLimit` keeps that instead. A route that declares no
 * access makes registration throw, so none is forgotten.
 */
export async function registerHttpSecurity(
  app: FastifyInstance,
  options: HttpSecurityOptions,
): Promise<RouteAccessControl> {
  let undeclaredAccess: RouteAccess | null = null;
  const control: RouteAccessControl = {
    async registerUndeclared(access, register) {
      undeclaredAccess = access;
      try {
        await register();
      } finally {
        undeclaredAccess = null;
      }
    },
  };

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: contentSecurityPolicy(options.https, options.imageOrigins ?? []),
    },
    // 180 days, this host only: a volunteer's other subdomains may not have TLS.
    strictTransportSecurity: options.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', context.after),
  });
  const limits: Record<RateLimitGroup, preHandlerAsyncHookHandler> = {
    organiser: app.rateLimit({ max: options.organiserPerMinute, timeWindow: ONE_MINUTE_MS }),
    publicWrite: app.rateLimit({ max: options.claimPerMinute, timeWindow: ONE_MINUTE_MS }),
  };
  app.decorateRequest('organiser', false);

  app.addHook('onRoute', (route) => {
    // HEAD routes fastify adds for each GET copy its options, and with them its declared access.
    const access = route.config?.access ?? undeclaredAccess;
    if (access === null) {
      throw new Error(
        `${String(route.method)} ${route.url} declares no access: add config: { access: 'public' | 'signedLink' | 'organiser' | 'optionalOrganiser' }`,
      );
    }
    const traits = { isWrite: isWrite(route), isClaimLink: CLAIM_LINK.test(route.url) };
    // Public data, no credentials: any origin may read it. Set here, after the CORS plugin's own
    // hook, so it wins, and before a handler that hijacks the reply (the live feed) copies headers.
    const corsOpen = corsOpenOf(access, { ...traits, url: route.url });
    const ownLimit = route.config !== undefined && 'rateLimit' in route.config;
    const guard: onRequestAsyncHookHandler = async function (request, reply) {
      const presentsToken = request.headers.authorization !== undefined;
      const group = ownLimit ? null : rateLimitGroupOf(access, traits, presentsToken);
      if (corsOpen) reply.header('access-control-allow-origin', '*');
      if (group !== null) await limits[group].call(this, request, reply);
      const check = tokenCheckOf(access, presentsToken);
      if (check === 'none') return;
      request.organiser = bearsOrganiserToken(request.headers.authorization, options.adminToken);
      if (check === 'require' && !request.organiser) throw organiserTokenRequired();
    };
    const security = openApiSecurityOf(access);
    if (security) route.schema = { ...route.schema, security };

    const onRequest = route.onRequest;
    const existing = Array.isArray(onRequest) ? onRequest : onRequest ? [onRequest] : [];
    route.onRequest = [guard, ...existing];
  });

  // Browsers send CORS preflights (OPTIONS) without credentials (Fetch standard, "CORS-preflight
  // request"), and the plugin's preflight route changes nothing: public.
  await control.registerUndeclared('public', () =>
    app.register(fastifyCors, {
      origin: options.corsOrigins.length > 0 ? [...options.corsOrigins] : false,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['content-type', 'authorization'],
      maxAge: 600,
    }),
  );
  return control;
}
