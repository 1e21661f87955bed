import type { FridgeStatus } from '../../../contract/api';
import type { UpdateFridgeBody } from '../../../contract/fridgeAdmin';
import { formatOpeningHours, parseOpeningHours } from '../../../contract/openingHoursText';
import { LOCATION_LIMITS } from '../../../contract/publicSite';
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

function checkDegrees(
  text: string,
  bounds: { min: number; max: number },
  example: string,
): { value: number | null; error?: string } {
  const value = parseDecimal(text);
  if (value === null) return { value: null, error: `Enter decimal degrees, e.g. ${example}.` };
  if (value < bounds.min || value > bounds.max)
    return { value: null, error: `From ${bounds.min} to ${bounds.max}.` };
  return { value };
}

/** Checks the place form and makes a `PATCH /api/fridges/{id}` body with what changed (null: nothing). */
export function checkPlace(fields: PlaceFields, original: Place): Checked<UpdateFridgeBody | null> {
  const errors: Record<string, string> = {};
  const latText = fields.lat.trim();
  const lonText = fields.lon.trim();
  let location: UpdateFridgeBody['location'] = null;
  if (latText !== '' || lonText !== '') {
    const lat = checkDegrees(latText, LOCATION_LIMITS.lat, '52.5200');
    const lon = checkDegrees(lonText, LOCATION_LIMITS.lon, '13.4050');
    if (lat.error) errors['location.lat'] = latText === '' ? 'Enter the latitude too.' : lat.error;
    if (lon.error) errors['location.lon'] = lonText === '' ? 'Enter the longitude too.' : lon.error;
    if (lat.value !== null && lon.value !== null) location = { lat: lat.value, lon: lon.value };
  }
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
