import { gunzipSync } from 'node:zlib';
import { getIssues } from '@placemarkio/check-geojson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FridgeFeaturePropertiesSchema } from '../../../../contract/openData';
import { alertsFeature } from '../../../../server/features/alerts';
import { openDataFeature } from '../../../../server/features/openData';
import { reportsFeature } from '../../../../server/features/reports';
import { buildRouteApp, type RouteApp } from '../../../helpers/routeApp';

const fridge = (id: string, extra: object = {}) => ({
  id,
  name: `${id} fridge`,
  kind: 'fridge' as const,
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 20 }],
  ...extra,
});
const DOCUMENTED_PROPERTIES = Object.keys(FridgeFeaturePropertiesSchema.properties).sort();
const ELSEWHERE = { origin: 'https://map.example.net' };

describe('the open data feed', () => {
  let route: RouteApp;
  beforeEach(async () => {
    route = await buildRouteApp({
      features: [reportsFeature, openDataFeature],
      config: { publicUrl: 'https://fridges.example.org' },
    });
    for (const body of [
      fridge('elm-st', {
        location: { lat: 52.52, lon: 13.405 },
        openingHours: { tu: [{ from: '08:00', to: '20:00' }] },
      }),
      fridge('oak-st', { location: { lat: -33.8688, lon: 151.2093 } }),
      fridge('no-place'),
    ]) {
      const res = await route.app.inject({
        method: 'POST',
        url: '/api/fridges',
        headers: route.organiser,
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await route.app.inject({
      method: 'PUT',
      url: '/api/fridges/elm-st/needs',
      headers: route.organiser,
      payload: { categories: ['bread'] },
    });
  });
  afterEach(async () => {
    await route.close();
  });

  it('is valid GeoJSON: a Point Feature with the documented properties for each fridge with a place', async () => {
    const res = await route.app.inject({ url: '/api/fridges.geojson', headers: ELSEWHERE });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(getIssues(res.body)).toEqual([]);
    const collection = res.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.withoutLocation).toBe(1);
    expect(collection.generatedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(collection.features).toHaveLength(2);
    for (const feature of collection.features) {
      expect(feature.type).toBe('Feature');
      expect(feature.geometry.type).toBe('Point');
      expect(feature.geometry.coordinates).toHaveLength(2);
      expect(Object.keys(feature.properties).sort()).toEqual(DOCUMENTED_PROPERTIES);
    }
    const elm = collection.features.find((f: { id: string }) => f.id === 'elm-st');
    // RFC 7946 §3.1.1: longitude first.
    expect(elm.geometry.coordinates).toEqual([13.405, 52.52]);
    expect(elm.properties).toEqual({
      id: 'elm-st',
      name: 'elm-st fridge',
      kind: 'fridge',
      level: null,
      kg: null,
      percent: null,
      temperatureStatus: 'unknown',
      online: false,
      updatedAt: null,
      openNow: true,
      opening_hours: 'Tu 08:00-20:00',
      needs: ['bread'],
      url: 'https://fridges.example.org/fridges/elm-st',
    });
  });

  it('answers in gzip when asked, the same document; a change shows in the next answer', async () => {
    const plain = await route.app.inject({ url: '/api/fridges.geojson' });
    const gzip = await route.app.inject({
      url: '/api/fridges.geojson',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.statusCode).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-type']).toMatch(/^application\/geo\+json/);
    for (const res of [plain, gzip]) expect(res.headers.vary).toMatch(/accept-encoding/);
    expect(plain.headers['content-length']).toBe(String(plain.rawPayload.length));
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
    await route.app.inject({
      method: 'PUT',
      url: '/api/fridges/oak-st/needs',
      headers: route.organiser,
      payload: { categories: ['dairy', 'drinks'] },
    });
    const after = await route.app.inject({
      url: '/api/fridges.geojson',
      headers: { 'accept-encoding': 'gzip' },
    });
    const collection = JSON.parse(gunzipSync(after.rawPayload).toString('utf8'));
    expect(getIssues(JSON.stringify(collection))).toEqual([]);
    const needsOf = (id: string) =>
      collection.features.find((f: { id: string }) => f.id === id).properties.needs as string[];
    expect(needsOf('oak-st')).toEqual(['dairy', 'drinks']);
    expect(needsOf('elm-st')).toEqual(['bread']);
  });

  it('has a validator that does fail on broken GeoJSON (so the check above means something)', () => {
    const broken = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point' }, properties: {} }],
    };
    expect(getIssues(JSON.stringify(broken)).length).toBeGreaterThan(0);
  });

  it('opens CORS to any origin on public reads only', async () => {
    for (const url of ['/api/fridges', '/api/fridges/elm-st', '/api/fridges.geojson']) {
      const res = await route.app.inject({ url, headers: ELSEWHERE });
      expect(res.headers['access-control-allow-origin'], url).toBe('*');
    }
    const organiserReads = [
      { url: '/api/reports', headers: { ...ELSEWHERE, ...route.organiser } },
      { url: '/api/volunteers', headers: { ...ELSEWHERE, ...route.organiser } },
      { url: '/api/reports', headers: ELSEWHERE },
    ];
    for (const request of organiserReads) {
      const res = await route.app.inject(request);
      expect(res.headers['access-control-allow-origin'], request.url).toBeUndefined();
    }
    // Public writes neither: a stranger's page must not report from a visitor's browser.
    const write = await route.app.inject({
      method: 'POST',
      url: '/api/fridges/elm-st/reports',
      headers: ELSEWHERE,
      payload: { kind: 'dirty' },
    });
    expect(write.statusCode).toBe(201);
    expect(write.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await route.app.inject({
      method: 'OPTIONS',
      url: '/api/fridges/elm-st',
      headers: { ...ELSEWHERE, 'access-control-request-method': 'PATCH' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the temperature status in words (docs/open-data.md, "Temperature status in the reader\'s words")', () => {
  it('is one English sentence for every reader, with `reason` as data for other languages: the same bytes and ETag whatever Accept-Language asks', async () => {
    const route = await buildRouteApp({ features: [alertsFeature] });
    try {
      await route.app.inject({
        method: 'POST',
        url: '/api/fridges',
        headers: route.organiser,
        payload: fridge('elm-st'),
      });
      const english = await route.app.inject({ url: '/api/fridges/elm-st' });
      const spanish = await route.app.inject({
        url: '/api/fridges/elm-st',
        headers: { 'accept-language': 'es-MX,es;q=0.9' },
      });
      expect(english.json().temperature).toMatchObject({
        text: 'No temperature reading yet',
        reason: { code: 'noReading' },
      });
      expect(spanish.body).toBe(english.body);
      expect(spanish.headers.etag).toBe(english.headers.etag);
      // One cached answer for every reader: it does not vary by language.
      expect(String(spanish.headers.vary ?? '')).not.toMatch(/accept-language/i);
    } finally {
      await route.close();
    }
  });
});
