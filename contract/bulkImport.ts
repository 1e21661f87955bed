import Type, { type Static } from 'typebox';
import { FridgeKindSchema, LevelThresholdsSchema, Slug } from './api';
import { FRIDGE_LIMITS, FridgeLocationField, FridgeOpeningHoursField, ShelfInputSchema } from './fridgeAdmin';

/**
 * `POST /api/import`: a whole network of fridges, shelves and devices in one request, all or
 * nothing. JSON in this shape, or CSV with one record per row (docs/import.md):
 *
 *   record,fridge,id,name,kind,address,tare_kg,capacity_kg,lat,lon,opening_hours
 *   fridge,elm-st,,Elm Street fridge,fridge,12 Elm St,,,51.5,-0.12,Mo-Fr 08:00-20:00
 *   shelf,elm-st,top,,,,2.5,20,,,
 *   device,elm-st,elm-st-sensor,,,,,,,,
 *
 * The place and hours columns are optional, and checked as the fridge form checks them.
 */
export const IMPORT_LIMITS = {
  fridges: 20_000,
  devicesPerFridge: 8,
  /** A 20,000-fridge CSV with three shelves each is about 3 MB. */
  bodyBytes: 16 * 1024 * 1024,
} as const;

export const ImportFridgeSchema = Type.Object(
  {
    id: Slug,
    name: Type.String({ minLength: 1, maxLength: FRIDGE_LIMITS.nameLength }),
    kind: FridgeKindSchema,
    address: Type.Optional(
      Type.Union([Type.String({ maxLength: FRIDGE_LIMITS.addressLength }), Type.Null()]),
    ),
    shelves: Type.Array(ShelfInputSchema, { maxItems: FRIDGE_LIMITS.shelves }),
    levels: Type.Optional(Type.Union([LevelThresholdsSchema, Type.Null()])),
    location: Type.Optional(FridgeLocationField),
    openingHours: Type.Optional(FridgeOpeningHoursField),
    /** Devices to register; an empty object asks for a made-up id. */
    devices: Type.Optional(
      Type.Array(Type.Object({ id: Type.Optional(Slug) }, { additionalProperties: false }), {
        maxItems: IMPORT_LIMITS.devicesPerFridge,
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportFridge = Static<typeof ImportFridgeSchema>;

export const ImportBodySchema = Type.Object(
  { fridges: Type.Array(ImportFridgeSchema, { minItems: 1, maxItems: IMPORT_LIMITS.fridges }) },
  { additionalProperties: false },
);
export type ImportBody = Static<typeof ImportBodySchema>;

/** One device's credentials: in the answer only, which is the one time they are shown. */
export const ImportedDeviceSchema = Type.Object({
  deviceId: Slug,
  fridgeId: Slug,
  username: Type.String(),
  password: Type.String(),
  mqttUrl: Type.String(),
  topics: Type.Object({
    door: Type.String(),
    temperature: Type.String(),
    shelves: Type.Record(Type.String(), Type.String()),
    status: Type.String(),
  }),
});
export type ImportedDevice = Static<typeof ImportedDeviceSchema>;

export const ImportResultSchema = Type.Object({
  fridges: Type.Integer(),
  devices: Type.Array(ImportedDeviceSchema),
});
export type ImportResult = Static<typeof ImportResultSchema>;
