import Type from 'typebox';
import { ApiErrorSchema, FridgeKindSchema, LevelThresholdsSchema, Slug } from '../../contract/api';

/** Request and response schemas of the HTTP API; the OpenAPI document is generated from them. */
export const ShelfInputSchema = Type.Object(
  {
    id: Slug,
    tareKg: Type.Number({
      minimum: 0,
      maximum: 500,
      description: 'weight of the empty shelf as its load cell reads it',
    }),
    capacityKg: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1000,
      description: 'food the shelf holds when full',
    }),
  },
  { additionalProperties: false },
);

const Name = Type.String({ minLength: 1, maxLength: 120 });
const Address = Type.Union([Type.String({ maxLength: 300 }), Type.Null()]);

export const CreateFridgeBodySchema = Type.Object(
  {
    id: Slug,
    name: Name,
    kind: FridgeKindSchema,
    address: Type.Optional(Address),
    shelves: Type.Array(ShelfInputSchema, { minItems: 0, maxItems: 32 }),
    levels: Type.Optional(Type.Union([LevelThresholdsSchema, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateFridgeBodySchema = Type.Object(
  {
    name: Type.Optional(Name),
    kind: Type.Optional(FridgeKindSchema),
    address: Type.Optional(Address),
    shelves: Type.Optional(Type.Array(ShelfInputSchema, { maxItems: 32 })),
    levels: Type.Optional(Type.Union([LevelThresholdsSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RegisterDeviceBodySchema = Type.Object(
  { deviceId: Type.Optional(Slug) },
  { additionalProperties: false },
);

export const DeviceRegistrationSchema = Type.Object({
  deviceId: Slug,
  username: Type.String(),
  password: Type.String({ description: 'shown only in this response; store it in the device' }),
  mqttUrl: Type.String(),
  topics: Type.Object({
    door: Type.String(),
    temperature: Type.String(),
    shelves: Type.Record(Type.String(), Type.String()),
    status: Type.String(),
  }),
});

export const FridgeIdParamsSchema = Type.Object({ id: Slug });

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  problems: Type.Array(Type.String(), { description: 'what is not ok, by feature' }),
  demo: Type.Boolean(),
  uptimeSeconds: Type.Number(),
  broker: Type.Object({
    ok: Type.Boolean(),
    mode: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
    connectedClients: Type.Union([Type.Integer(), Type.Null()]),
  }),
  storage: Type.Object({
    ok: Type.Boolean(),
    readingsStored: Type.Integer(),
    problem: Type.Union([Type.String(), Type.Null()]),
  }),
  refusals: Type.Record(Type.String(), Type.Integer()),
});

export const errorResponses = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  404: ApiErrorSchema,
  409: ApiErrorSchema,
} as const;
