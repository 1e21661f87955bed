import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyServerOptions,
} from 'fastify';
import type { Registry } from 'prom-client';
import { type MapSettings, OSM_ATTRIBUTION, OSM_TILE_URL } from '../../contract/mapSettings';
import { AppError, errorBody } from '../errors';
import type { EventBus } from '../eventBus';
import type { DeviceAdmin } from '../features/deviceAdmin';
import type { FridgeCatalog } from '../features/fridgeCatalog';
import type { SiteAdmin } from '../features/siteAdmin';
import type { SiteImport } from '../features/siteImport/siteImport';
import { type HttpSecurityOptions, registerHttpSecurity } from './httpSecurity';
import { publicRoute } from './routeKit';
import { deviceRoutes } from './routes/devices';
import { eventRoutes } from './routes/events';
import { fridgeRoutes } from './routes/fridges';
import { type HealthReport, healthRoutes } from './routes/health';
import { mapSettingsRoutes } from './routes/mapSettings';
import { metricsRoutes } from './routes/metrics';
import { siteImportRoutes } from './routes/siteImport';
import type { SseClients, SseLimits } from './sseClients';

export interface AppOptions {
  catalog: FridgeCatalog;
  admin: SiteAdmin;
  /** Devices of any kind (`/api/devices`); omitted in route tests that need only the fridge routes. */
  deviceAdmin?: DeviceAdmin;
  bus: EventBus;
  health: () => HealthReport;
  /** The organiser token: routes declaring `access: 'organiser'` require it. */
  adminToken: string;
  /** Routes of feature modules (restock, notifications, ...). */
  moduleRoutes?: readonly FastifyPluginAsync[];
  mqttUrlFor: (requestHostname: string) => string;
  /** The built dashboard (`dashboard/dist`); null serves the API only. */
  dashboardDir: string | null;
  logger: FastifyBaseLogger | false;
  /** Largest request body in bytes. */
  bodyLimitBytes?: number;
  /** Headers, CORS and rate limits; omitted: no CORS, default limits, plain HTTP. */
  security?: Omit<HttpSecurityOptions, 'https' | 'adminToken'>;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  https?: { cert: Buffer; key: Buffer } | null;
  /**
   * Which proxies to believe about the caller's address (X-Forwarded-For), as fastify's
   * `trustProxy`: false (the default) believes none, so rate limits and caps count the peer.
   */
  trustProxy?: boolean | string | string[] | number;
  /** Caps and the slow-client rule of the live feed (`/api/events`). */
  sseLimits?: SseLimits;
  /** The live feed's open streams, when the caller counts them (metrics); made here otherwise. */
  sseClients?: SseClients;
  /** Prometheus registry served at `/metrics` (organisers); none: no such route. */
  metrics?: Registry;
  /** The bulk import behind `POST /api/import`; none: no such route. */
  siteImport?: SiteImport;
  /** The public map's tiles; OpenStreetMap's when omitted. */
  mapSettings?: MapSettings;
}

const DEFAULT_SECURITY: Omit<HttpSecurityOptions, 'https' | 'adminToken'> = {
  corsOrigins: [],
  organiserPerMinute: 120,
  claimPerMinute: 20,
};

/** Longest path parameter (fastify's maxParamLength); longer answers 414 in the one error shape. */
const MAX_PARAM_LENGTH = 100;

/**
 * Errors the router raises before any route or hook runs (a parameter past MAX_PARAM_LENGTH, a
 * broken %-encoding). Fastify would answer them in its own shape and echo the path back; they get
 * the one documented shape, and the path is never repeated to the caller.
 */
function frameworkError(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('URI_TOO_LONG', MAX_PARAM_LENGTH)
      : error.code === 'FST_ERR_BAD_URL'
        ? new AppError('BAD_REQUEST', 'the address is not valid: check its %-encoding')
        : new AppError('BAD_REQUEST', 'the request could not be routed');
  void reply.code(refusal.statusCode).header('x-content-type-options', 'nosniff').send(errorBody(refusal));
}

/** Builds the HTTP app without listening, so tests drive the real thing through `inject()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    logger: options.logger === false ? false : undefined,
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkError,
    trustProxy: options.trustProxy ?? false,
    // Bad input must be refused, not silently trimmed or coerced into something else.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // HTTPS changes only the server underneath; routes, hooks and inject() stay the same.
    ...(options.https ? { https: options.https } : {}),
  } as FastifyServerOptions).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refuse = (refusal: AppError, status = refusal.statusCode) =>
      reply.code(status).send(errorBody(refusal));
    if (error instanceof AppError) return refuse(error);
    if (error.validation) return refuse(new AppError('BAD_REQUEST', error.message));
    if (error.statusCode === 413) return refuse(new AppError('PAYLOAD_TOO_LARGE', error.message));
    // Fastify's other refusals (415, 406, ...) keep their status under the generic code.
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return refuse(new AppError('BAD_REQUEST', error.message), error.statusCode);
    }
    request.log.error({ err: error }, 'request failed');
    return refuse(new AppError('INTERNAL'));
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Community fridge monitor API',
        version: '1.0.0',
        description: 'Live status of community fridges and pantries. Reading needs no account.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  // Before any route, so its onRoute hook sees them all.
  const access = await registerHttpSecurity(app, {
    ...DEFAULT_SECURITY,
    ...options.security,
    adminToken: options.adminToken,
    https: Boolean(options.https),
  });
  await app.register(healthRoutes, { health: options.health });
  await app.register(mapSettingsRoutes, {
    settings: options.mapSettings ?? { tileUrl: OSM_TILE_URL, attribution: OSM_ATTRIBUTION },
  });
  await app.register(fridgeRoutes, {
    catalog: options.catalog,
    admin: options.admin,
    mqttUrlFor: options.mqttUrlFor,
  });
  if (options.deviceAdmin) {
    await app.register(deviceRoutes, { devices: options.deviceAdmin, mqttUrlFor: options.mqttUrlFor });
  }
  await app.register(eventRoutes, {
    bus: options.bus,
    ...(options.sseLimits ? { limits: options.sseLimits } : {}),
    ...(options.sseClients ? { clients: options.sseClients } : {}),
  });
  if (options.metrics) await app.register(metricsRoutes, { registry: options.metrics });
  if (options.siteImport)
    await app.register(siteImportRoutes, { siteImport: options.siteImport, mqttUrlFor: options.mqttUrlFor });
  for (const routes of options.moduleRoutes ?? []) await app.register(routes);

  app.get('/api/openapi.json', publicRoute({ hide: true }), async () => app.swagger());

  const dashboardDir = options.dashboardDir;
  if (dashboardDir && existsSync(dashboardDir)) {
    // The dashboard's files are the same for everyone, and @fastify/static's routes take no config.
    await access.registerUndeclared('public', () =>
      app.register(fastifyStatic, {
        root: dashboardDir,
        prefix: '/',
        wildcard: false,
        // Vite puts a content hash in every asset name, so assets never change; the page does.
        setHeaders: (res, path) => {
          res.header(
            'cache-control',
            path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/');
    // Client-side routes (/fridges/elm-st) get the dashboard's index page.
    if (isPage && dashboardDir && existsSync(dashboardDir)) return reply.sendFile('index.html');
    const missing = new AppError('ROUTE_NOT_FOUND', request.method, request.url.split('?')[0] ?? '');
    return reply.code(missing.statusCode).send(errorBody(missing));
  });

  return app;
}
