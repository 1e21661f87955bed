import { describe, expect, it } from 'vitest';
import { checkPlace, placeFieldsOf, typedLocation } from '../../../dashboard/src/organiser/place-form';

const unset = { location: null, openingHours: null };

describe('the place and hours form', () => {
  it('sends typed coordinates (decimal comma allowed) and hours read from OSM words', () => {
    expect(checkPlace({ lat: '52,52', lon: '13.405', hours: 'Mo-Fr 08:00-20:00' }, unset)).toEqual({
      ok: true,
      value: {
        location: { lat: 52.52, lon: 13.405 },
        openingHours: Object.fromEntries(
          ['mo', 'tu', 'we', 'th', 'fr'].map((d) => [d, [{ from: '08:00', to: '20:00' }]]),
        ),
      },
    });
  });

  it('sends only what changed, and null to clear', () => {
    const saved = { location: { lat: 1, lon: 2 }, openingHours: { sa: [{ from: '10:00', to: '14:00' }] } };
    const fields = placeFieldsOf(saved);
    expect(fields).toEqual({ lat: '1', lon: '2', hours: 'Sa 10:00-14:00' });
    expect(checkPlace(fields, saved)).toEqual({ ok: true, value: null });
    expect(checkPlace({ ...fields, hours: '' }, saved)).toEqual({ ok: true, value: { openingHours: null } });
    expect(checkPlace({ ...fields, lat: '', lon: '' }, saved)).toEqual({
      ok: true,
      value: { location: null },
    });
  });

  it('puts each mistake next to its field', () => {
    const checked = checkPlace({ lat: '95', lon: '', hours: 'Mon 8-20' }, unset);
    expect(checked).toEqual({
      ok: false,
      errors: {
        'location.lat': 'Latitude: 95 is outside -90 to 90 degrees.',
        'location.lon': 'Longitude: enter it too.',
        openingHours: expect.stringMatching(/Mon/),
      },
    });
  });

  it('gives the map the typed point while both numbers are valid, else the problem naming the field', () => {
    expect(typedLocation({ lat: ' 40.7128 ', lon: '-74,006' })).toEqual({
      location: { lat: 40.7128, lon: -74.006 },
    });
    expect(typedLocation({ lat: '', lon: '' })).toEqual({ location: null });
    expect(typedLocation({ lat: '40.7', lon: '200' })).toEqual({
      errors: { 'location.lon': 'Longitude: 200 is outside -180 to 180 degrees.' },
    });
    expect(typedLocation({ lat: 'north', lon: '1' })).toEqual({
      errors: { 'location.lat': 'Latitude: enter decimal degrees, e.g. 52.5200.' },
    });
  });
});
