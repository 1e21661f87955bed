import Type, { type Static } from 'typebox';
import { IsoTime, Nullable, Slug, StockLevelSchema, TemperatureStatusSchema } from './api';
import { NeedCategorySchema } from './publicSite';

/** The open-data feed any community map can take in (docs/open-data.md). */
/** GeoJSON (RFC 7946) Feature of one fridge on `GET /api/fridges.geojson`. */
export const FridgeFeaturePropertiesSchema = Type.Object({
  id: Slug,
  name: Type.String(),
  kind: Type.String(),
  level: Nullable(StockLevelSchema),
  kg: Nullable(Type.Number()),
  percent: Nullable(Type.Number()),
  temperatureStatus: TemperatureStatusSchema,
  online: Type.Boolean(),
  updatedAt: Nullable(IsoTime),
  openNow: Nullable(Type.Boolean()),
  opening_hours: Nullable(Type.String({ description: 'OpenStreetMap opening_hours syntax' })),
  needs: Type.Array(NeedCategorySchema),
  url: Type.String({ description: 'the fridge page' }),
});
export type FridgeFeatureProperties = Static<typeof FridgeFeaturePropertiesSchema>;

export const FridgeFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Slug,
  geometry: Type.Object({
    type: Type.Literal('Point'),
    coordinates: Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat]' }),
  }),
  properties: FridgeFeaturePropertiesSchema,
});
export type FridgeFeature = Static<typeof FridgeFeatureSchema>;

/** `withoutLocation` is a foreign member (RFC 7946 §6.1): public fridges left out for want of a place. */
export const FridgeFeatureCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(FridgeFeatureSchema),
  withoutLocation: Type.Integer({ minimum: 0 }),
  generatedAt: IsoTime,
});
export type FridgeFeatureCollection = Static<typeof FridgeFeatureCollectionSchema>;
