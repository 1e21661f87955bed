import type { FridgeStatus } from '../../../contract/api';
import type { UpdateFridgeBody } from '../../../contract/fridgeAdmin';
import { formatOpeningHours, parseOpeningHours } from '../../../contract/openingHoursText';
import { LOCATION_LIMITS, type Location } from '../../../contract/publicSite';
import { type Checked, parseDecimal } from './forms';

/**
 * Where a fridge stands and when it is open, as an organiser types them: coordinates in decimal
 * degrees and hours in OpenStreetMap's `opening_hours` words (contract/openingHours.ts reads them).
 * Both empty mean "not stated". The server checks the same bounds.
 */
export interface PlaceFields {
  lat: string;
  lon: string;
  hours: string;
}

type Place = Pick<FridgeStatus, 'location' | 'openingHours'>;

export function placeFieldsOf(fridge: Place): PlaceFields {
  return {
    lat: fridge.location ? String(fridge.location.lat) : '',
    lon: fridge.location ? String(fridge.location.lon) : '',
    hours: fridge.openingHours ? formatOpeningHours(fridge.openingHours) : '',
  };
}

type DegreesField = 'Latitude' | 'Longitude';

function checkDegrees(
  field: DegreesField,
  text: string,
  bounds: { min: number; max: number },
  example: string,
): { value: number | null; error?: string } {
  const value = parseDecimal(text);
  if (value === null) return { value: null, error: `${field}: enter decimal degrees, e.g. ${example}.` };
  if (value < bounds.min || value > bounds.max)
    return { value: null, error: `${field}: ${value} is outside ${bounds.min} to ${bounds.max} degrees.` };
  return { value };
}

/**
 * The typed coordinates as a point, or the problems per field (`location.lat`, `location.lon`);
 * both empty is "no point". The map picker follows the typed point while it is valid.
 */
export function typedLocation(
  fields: Pick<PlaceFields, 'lat' | 'lon'>,
): { location: Location | null } | { errors: Record<string, string> } {
  const latText = fields.lat.trim();
  const lonText = fields.lon.trim();
  if (latText === '' && lonText === '') return { location: null };
  const errors: Record<string, string> = {};
  const lat = checkDegrees('Latitude', latText, LOCATION_LIMITS.lat, '52.5200');
  const lon = checkDegrees('Longitude', lonText, LOCATION_LIMITS.lon, '13.4050');
  if (lat.error) errors['location.lat'] = latText === '' ? 'Latitude: enter it too.' : lat.error;
  if (lon.error) errors['location.lon'] = lonText === '' ? 'Longitude: enter it too.' : lon.error;
  if (lat.value === null || lon.value === null) return { errors };
  return { location: { lat: lat.value, lon: lon.value } };
}

/** Checks the place form and makes a `PATCH /api/fridges/{id}` body with what changed (null: nothing). */
export function checkPlace(fields: PlaceFields, original: Place): Checked<UpdateFridgeBody | null> {
  const typed = typedLocation(fields);
  const errors: Record<string, string> = 'errors' in typed ? { ...typed.errors } : {};
  const location: UpdateFridgeBody['location'] = 'location' in typed ? typed.location : null;
  let openingHours: UpdateFridgeBody['openingHours'] = null;
  if (fields.hours.trim() !== '') {
    const parsed = parseOpeningHours(fields.hours);
    if ('error' in parsed) errors.openingHours = parsed.error;
    else openingHours = parsed.hours;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const changes: UpdateFridgeBody = {};
  if (JSON.stringify(location) !== JSON.stringify(original.location)) changes.location = location;
  const hoursText = (hours: Place['openingHours']) => (hours ? formatOpeningHours(hours) : null);
  if (hoursText(openingHours ?? null) !== hoursText(original.openingHours))
    changes.openingHours = openingHours;
  return { ok: true, value: Object.keys(changes).length === 0 ? null : changes };
}
