import Type, { type Static } from 'typebox';
import { DEVICE_KINDS, type DeviceKind, TOPIC_ROOT_PATTERN } from './adapterTopics';
import { IsoTime, Nullable, Slug } from './api';

/**
 * `POST /api/devices` and friends: one shape for scripts and the organiser screen to register a
 * device of any kind (issue 15). A native device speaks our contract; the others are bound sensor
 * by sensor to fridges.
 */

export const DeviceKindSchema = Type.Union([
  Type.Literal('native'),
  Type.Literal('zigbee2mqtt'),
  Type.Literal('esphome'),
  Type.Literal('tasmota'),
  Type.Literal('shelly'),
]);
/** The schema lists the kinds by hand (TypeBox keeps literal types that way): both lists agree. */
export const DEVICE_KIND_LIST: readonly DeviceKind[] = DEVICE_KINDS;
export const BINDING_ROLES = ['door', 'temperature', 'weight', 'battery'] as const;
export const BindingRoleSchema = Type.Union([
  Type.Literal('door'),
  Type.Literal('temperature'),
  Type.Literal('weight'),
  Type.Literal('battery'),
]);
/** Units a bound sensor may send: °C or °F for temperature; kg, g or lb for weight. */
export const BINDING_UNITS = { temperature: ['C', 'F'], weight: ['kg', 'g', 'lb'] } as const;
export const BindingUnitSchema = Type.Union([
  Type.Literal('C'),
  Type.Literal('F'),
  Type.Literal('kg'),
  Type.Literal('g'),
  Type.Literal('lb'),
]);
export const MAX_BINDINGS = 64;

export const BindingInputSchema = Type.Object(
  {
    source: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'what the ecosystem calls the sensor: a Zigbee2MQTT friendly name, an ESPHome sensor/<object_id>, a Tasmota key such as DS18B20-1, a Shelly component such as temperature:0',
    }),
    fridgeId: Slug,
    role: BindingRoleSchema,
    shelfId: Type.Optional(Slug),
    invert: Type.Optional(Type.Boolean({ description: 'the door reads open when the sensor says closed' })),
    unit: Type.Optional(BindingUnitSchema),
    attribute: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'the field carrying the value, when not the usual one',
      }),
    ),
  },
  { additionalProperties: false },
);
export type BindingInput = Static<typeof BindingInputSchema>;

const Bindings = Type.Array(BindingInputSchema, { maxItems: MAX_BINDINGS });

/** `POST /api/devices`. */
export const CreateDeviceBodySchema = Type.Object(
  {
    deviceId: Slug,
    kind: DeviceKindSchema,
    topic: Type.Optional(
      Type.String({
        pattern: TOPIC_ROOT_PATTERN,
        description:
          'the device’s own topic root: Zigbee2MQTT base topic, ESPHome topic_prefix, Tasmota Topic, Shelly prefix',
      }),
    ),
    bindings: Bindings,
  },
  { additionalProperties: false },
);
export type CreateDeviceBody = Static<typeof CreateDeviceBodySchema>;

/** `PUT /api/devices/{id}/bindings`: the credentials stay. */
export const ReplaceBindingsBodySchema = Type.Object({ bindings: Bindings }, { additionalProperties: false });
export type ReplaceBindingsBody = Static<typeof ReplaceBindingsBodySchema>;

export const ReadyConfigSchema = Type.Object({
  format: Type.Union([Type.Literal('yaml'), Type.Literal('console'), Type.Literal('text')]),
  /** Where it goes: `configuration.yaml`, an ESPHome device file, the Tasmota console. */
  target: Type.String(),
  text: Type.String(),
});
export type ReadyConfig = Static<typeof ReadyConfigSchema>;

/** The answer to `POST /api/devices`: the only one that ever holds the password. */
export const DeviceCreatedSchema = Type.Object({
  deviceId: Slug,
  username: Type.String(),
  password: Type.String({ description: 'shown only in this response; the ready config holds it too' }),
  mqttUrl: Type.String(),
  topics: Type.Object({
    publish: Type.Array(Type.String(), { description: 'filters the device may publish to' }),
    availability: Nullable(Type.String()),
  }),
  config: ReadyConfigSchema,
});
export type DeviceCreated = Static<typeof DeviceCreatedSchema>;

/** A device's new secret (`POST /api/devices/{id}/secret`): the old one stops working at once. */
export const DeviceSecretSchema = Type.Object({
  deviceId: Slug,
  username: Type.String(),
  password: Type.String({
    description: 'shown only in this response; the previous password no longer logs in',
  }),
  mqttUrl: Type.String(),
});
export type DeviceSecret = Static<typeof DeviceSecretSchema>;

export const BindingSchema = Type.Object({
  source: Type.String(),
  fridgeId: Slug,
  role: BindingRoleSchema,
  shelfId: Nullable(Slug),
  invert: Type.Boolean(),
  unit: Nullable(Type.String()),
  attribute: Nullable(Type.String()),
  warning: Nullable(
    Type.String({
      description: 'whole-kg: this shelf has only ever reported whole kilograms (set 3 decimals)',
    }),
  ),
});
export type Binding = Static<typeof BindingSchema>;

/** `GET /api/devices/{id}`. */
export const DeviceDetailsSchema = Type.Object({
  deviceId: Slug,
  kind: DeviceKindSchema,
  topic: Nullable(Type.String()),
  fridgeIds: Type.Array(Slug),
  revoked: Type.Boolean(),
  bindings: Type.Array(BindingSchema),
  lastRefusal: Nullable(Type.Object({ reason: Type.String(), detail: Type.String(), at: IsoTime })),
});
export type DeviceDetails = Static<typeof DeviceDetailsSchema>;

/** `GET /api/devices/{id}/sources`: what the device has named under its prefix lately. */
export const SeenSourcesSchema = Type.Array(
  Type.Object({ source: Type.String(), lastSeen: IsoTime, bound: Type.Boolean() }),
);
export type SeenSources = Static<typeof SeenSourcesSchema>;
