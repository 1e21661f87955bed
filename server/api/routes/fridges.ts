import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { FridgeStatusSchema } from '../../../contract/api';
import {
  CreateFridgeBodySchema,
  DeviceRegistrationSchema,
  RegisterDeviceBodySchema,
  UpdateFridgeBodySchema,
} from '../../../contract/fridgeAdmin';
import { NeedsBodySchema } from '../../../contract/publicSite';
import type { FridgeCatalog } from '../../features/fridgeCatalog';
import type { SiteAdmin } from '../../features/siteAdmin';
import { timedTurn } from '../../features/slowTurns';
import { GzipChunks } from '../../features/statusListGzip';
import { acceptsGzip, gzipEtag, ifNoneMatch, sendChunks, varyByEncoding } from '../listEncoding';
import { FRIDGE_REFUSALS, organiserRoute, publicRoute, requireFridgeStatus } from '../routeKit';
import { FridgeIdParamsSchema } from '../schemas';

export interface FridgeRouteOptions {
  catalog: FridgeCatalog;
  admin: SiteAdmin;
  /** The broker address a device should use, as seen from the organiser's request. */
  mqttUrlFor: (requestHostname: string) => string;
}

export const fridgeRoutes: FastifyPluginAsyncTypebox<FridgeRouteOptions> = async (app, options) => {
  const { catalog, admin, mqttUrlFor } = options;
  const gzipChunks = new GzipChunks();

  app.get(
    '/api/fridges',
    publicRoute({
      summary: 'Every fridge and pantry with its live status',
      response: { 200: Type.Array(FridgeStatusSchema), 304: Type.Null() },
    }),
    // Served from the catalogue's cache, serialised once per change (issue 12: 10,000 fridges in
    // 100 ms); a client that sends the last ETag back gets 304 with no body while nothing changed.
    // Gzip when asked (13.6 MB → about 1 MB at 10,000 fridges), its chunks compressed once each.
    async (request, reply) => {
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      const etagOf = (etag: string) => (gzip ? gzipEtag(etag) : etag);
      const current = etagOf(catalog.statusListEtag());
      varyByEncoding(reply).header('cache-control', 'no-cache');
      if (ifNoneMatch(request.headers['if-none-match'], current))
        return reply.header('etag', current).code(304).send(null);
      const { body, etag } = timedTurn('list', request.log, () => catalog.statusList());
      reply.header('etag', etagOf(etag)).type('application/json; charset=utf-8');
      return sendChunks(reply, body, gzip ? gzipChunks : null);
    },
  );

  app.get(
    '/api/fridges/:id',
    publicRoute(
      {
        summary: 'One fridge with its live status',
        params: FridgeIdParamsSchema,
        response: { 200: FridgeStatusSchema },
      },
      [404],
    ),
    async (request) => requireFridgeStatus(catalog, request.params.id),
  );

  app.post(
    '/api/fridges',
    organiserRoute(
      {
        summary: 'Add a fridge or pantry (organisers)',
        body: CreateFridgeBodySchema,
        response: { 201: FridgeStatusSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request, reply) => reply.code(201).send(admin.createFridge(request.body)),
  );

  app.patch(
    '/api/fridges/:id',
    organiserRoute(
      {
        summary: 'Change a fridge: name, kind, address, shelves, level thresholds (organisers)',
        params: FridgeIdParamsSchema,
        body: UpdateFridgeBodySchema,
        response: { 200: FridgeStatusSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => admin.updateFridge(request.params.id, request.body),
  );

  app.put(
    '/api/fridges/:id/needs',
    organiserRoute(
      {
        summary: 'Set what the fridge needs neighbours to bring: categories and a short note (organisers)',
        params: FridgeIdParamsSchema,
        body: NeedsBodySchema,
        response: { 200: FridgeStatusSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => admin.setNeeds(request.params.id, request.body),
  );

  app.delete(
    '/api/fridges/:id',
    organiserRoute(
      {
        summary: 'Remove a fridge and revoke its devices (organisers)',
        params: FridgeIdParamsSchema,
        response: { 204: Type.Null() },
      },
      FRIDGE_REFUSALS,
    ),
    async (request, reply) => {
      admin.deleteFridge(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/fridges/:id/devices',
    organiserRoute(
      {
        summary: 'Register a device; the answer holds its password, shown only this once (organisers)',
        params: FridgeIdParamsSchema,
        body: Type.Union([RegisterDeviceBodySchema, Type.Null()]),
        response: { 201: DeviceRegistrationSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request, reply) => {
      const registration = await admin.registerDevice(
        request.params.id,
        request.body?.deviceId,
        mqttUrlFor(request.hostname),
      );
      return reply.code(201).header('cache-control', 'no-store').send(registration);
    },
  );

  app.delete(
    '/api/devices/:id',
    organiserRoute(
      {
        summary: 'Revoke a device: it is disconnected at once and cannot connect again (organisers)',
        params: FridgeIdParamsSchema,
        response: { 204: Type.Null() },
      },
      FRIDGE_REFUSALS,
    ),
    async (request, reply) => {
      admin.revokeDevice(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
