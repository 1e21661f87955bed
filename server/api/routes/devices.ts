import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateDeviceBodySchema,
  DeviceCreatedSchema,
  DeviceDetailsSchema,
  DeviceSecretSchema,
  ReplaceBindingsBodySchema,
  SeenSourcesSchema,
} from '../../../contract/devices';
import type { DeviceAdmin } from '../../features/deviceAdmin';
import { FRIDGE_REFUSALS, organiserRoute } from '../routeKit';
import { FridgeIdParamsSchema } from '../schemas';

export interface DeviceRouteOptions {
  devices: DeviceAdmin;
  /** The broker address a device should use, as seen from the organiser's request. */
  mqttUrlFor: (requestHostname: string) => string;
}

/** Devices of any kind: native ones, and off-the-shelf ones bound sensor by sensor (issue 15). */
export const deviceRoutes: FastifyPluginAsyncTypebox<DeviceRouteOptions> = async (app, options) => {
  const { devices, mqttUrlFor } = options;
  // The same slug rules as a fridge id, so the same parameter schema.
  const params = FridgeIdParamsSchema;

  app.post(
    '/api/devices',
    organiserRoute(
      {
        summary:
          'Register a device of any kind; the answer holds its password and a ready configuration, shown only this once (organisers)',
        body: CreateDeviceBodySchema,
        response: { 201: DeviceCreatedSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request, reply) => {
      const created = await devices.create(request.body, mqttUrlFor(request.hostname));
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get(
    '/api/devices/:id',
    organiserRoute(
      {
        summary:
          'A device: its kind, topic, bindings with their warnings, and its last refused message (organisers)',
        params,
        response: { 200: DeviceDetailsSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => devices.details(request.params.id),
  );

  app.put(
    '/api/devices/:id/bindings',
    organiserRoute(
      {
        summary: 'Change which sensor feeds which fridge, shelf and role; the credentials stay (organisers)',
        params,
        body: ReplaceBindingsBodySchema,
        response: { 200: DeviceDetailsSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => devices.rebind(request.params.id, request.body.bindings),
  );

  app.get(
    '/api/devices/:id/sources',
    organiserRoute(
      {
        summary:
          'What an adapter device has published under its topic lately, bound or not, newest first (organisers)',
        params,
        response: { 200: SeenSourcesSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request) => devices.sources(request.params.id),
  );

  app.post(
    '/api/devices/:id/secret',
    organiserRoute(
      {
        summary:
          'Give a device a new password, shown only in this answer; the old one stops working at once (organisers)',
        params,
        response: { 200: DeviceSecretSchema },
      },
      FRIDGE_REFUSALS,
    ),
    async (request, reply) => {
      const secret = await devices.replaceSecret(request.params.id, mqttUrlFor(request.hostname));
      return reply.header('cache-control', 'no-store').send(secret);
    },
  );
};
