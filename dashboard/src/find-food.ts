import type { FridgeStatus } from '../../contract/api';
import { isOpenAt } from '../../contract/openingHoursRules';
import type { Location } from '../../contract/publicSite';
import { isTemperatureAlarm } from './format';

/**
 * "Nearest with food": filters and distance for the list and the map. Pure: the clock and the
 * reader's position are passed in. The place to measure from is the browser's location when the
 * reader allows it, otherwise a fridge they know or coordinates they type: turning a typed address
 * into coordinates would send it to a third-party geocoder, which this system never does.
 */
export interface FindFilters {
  /** Part of a name or address, any case. */
  query: string;
  origin: Location | null;
  foodNow: boolean;
  openNow: boolean;
  coldAndSafe: boolean;
}

export const NO_FILTERS: FindFilters = {
  query: '',
  origin: null,
  foodNow: false,
  openNow: false,
  coldAndSafe: false,
};

export interface FoundFridge {
  fridge: FridgeStatus;
  /** Great-circle distance from the origin; null without an origin or a fridge location. */
  distanceKm: number | null;
}

const EARTH_RADIUS_KM = 6371.0088; // IUGG mean Earth radius

/** Haversine distance in km: a few metres off over a city, plenty for walking distances. */
export function distanceKm(a: Location, b: Location): number {
  const rad = (degrees: number): number => (degrees * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Some food in it by the sensors' count: anything but empty (and measured). */
export function hasFoodNow(fridge: Pick<FridgeStatus, 'stock' | 'online'>): boolean {
  return fridge.online && fridge.stock.level !== null && fridge.stock.level !== 'empty';
}

/**
 * Open by its stated hours at `nowMs` (the page's clock), in the fridge's own time zone; null when
 * no hours are stated. Judged here rather than read from the status's `openNow`, which is true of
 * the moment the server made the status and goes stale until the next push.
 */
export function openNowAt(
  fridge: Pick<FridgeStatus, 'openingHours' | 'timeZone'>,
  nowMs: number,
): boolean | null {
  return fridge.openingHours === null ? null : isOpenAt(fridge.openingHours, nowMs, fridge.timeZone);
}

/** For the "open now" filter: a fridge without stated hours counts as open, as most street fridges are. */
export function isOpenNow(fridge: Pick<FridgeStatus, 'openingHours' | 'timeZone'>, nowMs: number): boolean {
  return openNowAt(fridge, nowMs) !== false;
}

/**
 * Food that is safe to take: a fridge the alert rules judge cold enough, or a pantry (nothing to
 * keep cold) whose sensors still report.
 */
export function isColdAndSafe(fridge: Pick<FridgeStatus, 'kind' | 'online' | 'temperature'>): boolean {
  if (!fridge.online || isTemperatureAlarm(fridge.temperature.status)) return false;
  return fridge.kind === 'pantry' ? fridge.temperature.since === null : fridge.temperature.status === 'ok';
}

function matchesQuery(fridge: Pick<FridgeStatus, 'name' | 'address' | 'id'>, query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const text = `${fridge.name} ${fridge.address ?? ''} ${fridge.id}`.toLocaleLowerCase();
  return words.every((word) => text.includes(word));
}

/** The fridges that pass the filters; nearest first when there is an origin, else in the given order. */
export function findFridges(
  fridges: readonly FridgeStatus[],
  filters: FindFilters,
  nowMs: number,
): FoundFridge[] {
  const { origin } = filters;
  const found = fridges
    .filter((f) => matchesQuery(f, filters.query))
    .filter((f) => !filters.foodNow || hasFoodNow(f))
    .filter((f) => !filters.openNow || isOpenNow(f, nowMs))
    .filter((f) => !filters.coldAndSafe || isColdAndSafe(f))
    .map((fridge) => ({
      fridge,
      distanceKm: origin !== null && fridge.location !== null ? distanceKm(origin, fridge.location) : null,
    }));
  if (origin === null) return found;
  // Stable: fridges without a location keep their order after the located ones.
  return found
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        (a.entry.distanceKm ?? Number.POSITIVE_INFINITY) - (b.entry.distanceKm ?? Number.POSITIVE_INFINITY) ||
        a.index - b.index,
    )
    .map(({ entry }) => entry);
}

/** "40.7128, -74.0060" → a location; null unless two numbers within WGS 84 ranges. */
export function parseCoordinates(text: string): Location | null {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  if (parts.length !== 2) return null;
  const [lat, lon] = parts.map(Number) as [number, number];
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}

const KM_PER_MILE = 1.609344;

/** "350 m", "1.2 km", or "0.2 mi" / "1.4 mi" for readers who use pounds and miles. */
export function distanceWords(km: number, miles: boolean): string {
  if (miles) {
    const mi = km / KM_PER_MILE;
    return `${mi < 10 ? mi.toFixed(1) : Math.round(mi)} mi`;
  }
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)} m`;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} km`;
}
