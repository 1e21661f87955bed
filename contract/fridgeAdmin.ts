import Type, { type Static } from 'typebox';
import { FridgeKindSchema, LevelThresholdsSchema, Slug } from './api';
import { OpeningHoursSchema } from './openingHours';
import { LocationSchema } from './publicSite';

/**
 * What an organiser sends to set a fridge up and what registering a device answers: the server's
 * route schemas and the dashboard's organiser screens both read these.
 */

/** The bounds of a fridge's fields; the dashboard's forms check the same ones next to each field. */
export const FRIDGE_LIMITS = {
  nameLength: 120,
  addressLength: 300,
  shelves: 32,
  tareKg: { min: 0, max: 500 },
  /** `min` is exclusive: a shelf holds some food. */
  capacityKg: { min: 0, max: 1000 },
} as const;

export const ShelfInputSchema = Type.Object(
  {
    id: Slug,
    tareKg: Type.Number({
      minimum: FRIDGE_LIMITS.tareKg.min,
      maximum: FRIDGE_LIMITS.tareKg.max,
      description: 'weight of the empty shelf as its load cell reads it',
    }),
    capacityKg: Type.Number({
      exclusiveMinimum: FRIDGE_LIMITS.capacityKg.min,
      maximum: FRIDGE_LIMITS.capacityKg.max,
      description: 'food the shelf holds when full',
    }),
  },
  { additionalProperties: false },
);
export type ShelfInput = Static<typeof ShelfInputSchema>;

const Name = Type.String({ minLength: 1, maxLength: FRIDGE_LIMITS.nameLength });
const Address = Type.Union([Type.String({ maxLength: FRIDGE_LIMITS.addressLength }), Type.Null()]);
/**
 * null clears it; the organiser screen types them (`lat`, `lon`; hours as in contract/openingHours.ts).
 * One declaration for the fridge forms and `POST /api/import` (contract/bulkImport.ts).
 */
export const FridgeLocationField = Type.Union([LocationSchema, Type.Null()]);
export const FridgeOpeningHoursField = Type.Union([OpeningHoursSchema, Type.Null()]);
const Location = FridgeLocationField;
const OpeningHours = FridgeOpeningHoursField;

/** `POST /api/fridges`. */
export const CreateFridgeBodySchema = Type.Object(
  {
    id: Slug,
    name: Name,
    kind: FridgeKindSchema,
    address: Type.Optional(Address),
    shelves: Type.Array(ShelfInputSchema, { minItems: 0, maxItems: FRIDGE_LIMITS.shelves }),
    levels: Type.Optional(Type.Union([LevelThresholdsSchema, Type.Null()])),
    location: Type.Optional(Location),
    openingHours: Type.Optional(OpeningHours),
  },
  { additionalProperties: false },
);
export type CreateFridgeBody = Static<typeof CreateFridgeBodySchema>;

/** `PATCH /api/fridges/{id}`: only what changes. */
export const UpdateFridgeBodySchema = Type.Object(
  {
    name: Type.Optional(Name),
    kind: Type.Optional(FridgeKindSchema),
    address: Type.Optional(Address),
    shelves: Type.Optional(Type.Array(ShelfInputSchema, { maxItems: FRIDGE_LIMITS.shelves })),
    levels: Type.Optional(Type.Union([LevelThresholdsSchema, Type.Null()])),
    location: Type.Optional(Location),
    openingHours: Type.Optional(OpeningHours),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateFridgeBody = Static<typeof UpdateFridgeBodySchema>;

/** `POST /api/fridges/{id}/devices`: the device id is made up when none is asked for. */
export const RegisterDeviceBodySchema = Type.Object(
  { deviceId: Type.Optional(Slug) },
  { additionalProperties: false },
);
export type RegisterDeviceBody = Static<typeof RegisterDeviceBodySchema>;

/** The answer to `POST /api/fridges/{id}/devices`: the only one that ever holds the device's password. */
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
export type DeviceRegistration = Static<typeof DeviceRegistrationSchema>;
