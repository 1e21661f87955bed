import type { FridgeStatus } from '../../contract/api';
import type { FridgeFeature, FridgeFeatureCollection } from '../../contract/openData';
import { formatOpeningHours } from '../../contract/openingHoursText';

/** The newest of the times the status was measured at: stock, temperature, any device. */
function updatedAt(status: FridgeStatus): string | null {
  const times = [status.lastSeen, status.stock.asOf, status.temperature.asOf].filter(
    (t): t is string => t !== null,
  );
  return times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/**
 * One fridge as a GeoJSON Point Feature (RFC 7946: coordinates are [longitude, latitude]), or
 * null when it has no location.
 */
export function fridgeFeature(
  status: FridgeStatus,
  pageUrl: (fridgeId: string) => string,
): FridgeFeature | null {
  if (!status.location) return null;
  return {
    type: 'Feature',
    id: status.id,
    geometry: { type: 'Point', coordinates: [status.location.lon, status.location.lat] },
    properties: {
      id: status.id,
      name: status.name,
      kind: status.kind,
      level: status.stock.level,
      kg: status.stock.kg,
      percent: status.stock.percent,
      temperatureStatus: status.temperature.status,
      online: status.online,
      updatedAt: updatedAt(status),
      openNow: status.openNow,
      opening_hours: status.openingHours ? formatOpeningHours(status.openingHours) : null,
      needs: status.needs.categories,
      url: pageUrl(status.id),
    },
  };
}

/**
 * Every fridge with a location as a Feature; fridges without one are counted in
 * `withoutLocation`, a foreign member (RFC 7946 §6.1). The reference the served feed, assembled
 * from each fridge's Feature kept as JSON (server/features/openData/featureCollectionBody.ts), is
 * tested against.
 */
export function fridgeFeatureCollection(
  statuses: readonly FridgeStatus[],
  pageUrl: (fridgeId: string) => string,
  generatedAtMs: number,
): FridgeFeatureCollection {
  const features: FridgeFeature[] = [];
  for (const status of statuses) {
    const feature = fridgeFeature(status, pageUrl);
    if (feature) features.push(feature);
  }
  return {
    type: 'FeatureCollection',
    features,
    withoutLocation: statuses.length - features.length,
    generatedAt: new Date(generatedAtMs).toISOString(),
  };
}
