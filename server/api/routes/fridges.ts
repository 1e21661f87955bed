import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { FridgeStatusSchema } from '../../../contract/api';
import {
  CreateFridgeBodySchema,
  DeviceRegistrationSchema,
  RegisterDeviceBodySchema,
  UpdateFridgeBodySchema,
} from '../../../contract/fridgeAdmin';
import { fridgeNotFound } from '../../errors';
import type { FridgeCatalog } from '../../features/fridgeCatalog';
import type { SiteAdmin } from '../../features/siteAdmin';
import { errorResponses, FridgeIdParamsSchema } from '../schemas';

export interface FridgeRouteOptions {
  catalog: FridgeCatalog;
  admin: SiteAdmin;
  /** The broker address a device should use, as seen from the organiser's request. */
  mqttUrlFor: (requestHostname: string) => string;
}

export const fridgeRoutes: FastifyPluginAsyncTypebox<FridgeRouteOptions> = async (app, options) => {
  const { catalog, admin, mqttUrlFor } = options;

  app.get(
    '/api/fridges',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Every fridge and pantry with its live status',
        response: { 200: Type.Array(FridgeStatusSchema) },
      },
    },
    async () => catalog.statuses(),
  );

  app.get(
    '/api/fridges/:id',
    {
      config: { access: 'public' },
      schema: {
        summary: 'One fridge with its live status',
        params: FridgeIdParamsSchema,
        response: { 200: FridgeStatusSchema, 404: errorResponses[404] },
      },
    },
    async (request) => {
      const status = catalog.status(request.params.id);
      if (!status) throw fridgeNotFound(request.params.id);
      return status;
    },
  );

  app.post(
    '/api/fridges',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Add a fridge or pantry (organisers)',
        body: CreateFridgeBodySchema,
        response: { 201: FridgeStatusSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(admin.createFridge(request.body)),
  );

  app.patch(
    '/api/fridges/:id',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Change a fridge: name, kind, address, shelves, level thresholds (organisers)',
        params: FridgeIdParamsSchema,
        body: UpdateFridgeBodySchema,
        response: { 200: FridgeStatusSchema, ...errorResponses },
      },
    },
    async (request) => admin.updateFridge(request.params.id, request.body),
  );

  app.delete(
    '/api/fridges/:id',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Remove a fridge and revoke its devices (organisers)',
        params: FridgeIdParamsSchema,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      admin.deleteFridge(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/fridges/:id/devices',
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Register a device; the answer holds its password, shown only this once (organisers)',
        params: FridgeIdParamsSchema,
        body: Type.Union([RegisterDeviceBodySchema, Type.Null()]),
        response: { 201: DeviceRegistrationSchema, ...errorResponses },
      },
    },
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
    {
      config: { access: 'organiser' },
      schema: {
        summary: 'Revoke a device: it is disconnected at once and cannot connect again (organisers)',
        params: FridgeIdParamsSchema,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      admin.revokeDevice(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
