import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { AppError } from '../errors';

export interface HttpSecurityOptions {
  /** Origins whose pages may call the API from a browser (CORS); empty: none but our own. */
  corsOrigins: readonly string[];
  /** Requests per minute and address to organiser endpoints (every route behind the organiser token). */
  organiserPerMinute: number;
  /** Requests per minute and address to public writes: claims and any other write without a token. */
  claimPerMinute: number;
  /** Served over HTTPS: adds HSTS and `upgrade-insecure-requests`. */
  https: boolean;
}

const ONE_MINUTE_MS = 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Claim links from volunteers' messages: opening one (a GET) claims a restock request. */
const CLAIM_LINK = /^\/(api\/)?claim\//;

/**
 * The dashboard is a Vite bundle served from this origin: one module script and one stylesheet
 * under /assets, an inline SVG favicon (`data:`), and fetch/EventSource to /api. Nothing else
 * may load, so injected markup cannot run script or send data elsewhere.
 */
function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
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

function hooksOf(route: RouteOptions): unknown[] {
  return [route.onRequest, route.preValidation, route.preHandler].flatMap((hook) =>
    Array.isArray(hook) ? hook : hook ? [hook] : [],
  );
}

function isWrite(route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.some((m) => !READ_METHODS.has(m.toUpperCase()));
}

/**
 * Security headers (helmet), CORS limited to configured origins, and rate limits, registered
 * before any route. Each limit is one counter per address shared by every route of its group,
 * so guessing the organiser token across many endpoints gets no more tries than on one:
 * - organiser: every route guarded by `requireAdmin` (feature modules' routes included);
 * - claim: claim links (`/claim/...`, `/api/claim/...`, any method: opening one claims) and every
 *   other write (POST, PATCH, PUT, DELETE) that needs no token.
 * A route that sets its own `config.rateLimit` keeps it.
 */
export async function registerHttpSecurity(
  app: FastifyInstance,
  options: HttpSecurityOptions,
  requireAdmin: unknown,
): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options.https) },
    // 180 days, this host only: a volunteer's other subdomains may not have TLS.
    strictTransportSecurity: options.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  });
  await app.register(fastifyCors, {
    origin: options.corsOrigins.length > 0 ? [...options.corsOrigins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization'],
    maxAge: 600,
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `too many requests; try again in ${context.after}`),
  });
  const organiserLimit = app.rateLimit({ max: options.organiserPerMinute, timeWindow: ONE_MINUTE_MS });
  const claimLimit = app.rateLimit({ max: options.claimPerMinute, timeWindow: ONE_MINUTE_MS });
  app.addHook('onRoute', (route) => {
    if (route.config && 'rateLimit' in route.config) return;
    const limit = hooksOf(route).includes(requireAdmin)
      ? organiserLimit
      : CLAIM_LINK.test(route.url) || isWrite(route)
        ? claimLimit
        : null;
    if (limit === null) return;
    const onRequest = route.onRequest;
    const existing = Array.isArray(onRequest) ? onRequest : onRequest ? [onRequest] : [];
    // First, so a flood is refused before the token check or any body parsing.
    route.onRequest = [limit, ...existing];
  });
}
