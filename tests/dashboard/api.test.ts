import { describe, expect, it } from 'vitest';
import { ApiRequestError, createHttpApi } from '../../dashboard/src/api';
import { makeClaimed, makeFridge, makeRequest } from './fixtures';

function fakeFetch(routes: Record<string, { status: number; body: unknown }>) {
  const calls: string[] = [];
  const fetch = async (input: string): Promise<Response> => {
    calls.push(input);
    const route = routes[input];
    if (route === undefined) return new Response('{}', { status: 500 });
    return new Response(JSON.stringify(route.body), { status: route.status });
  };
  return { fetch, calls };
}

describe('createHttpApi', () => {
  it('lists fridges, dropping entries it cannot read', async () => {
    const { fetch } = fakeFetch({ '/api/fridges': { status: 200, body: [makeFridge(), { id: 'broken' }] } });
    const fridges = await createHttpApi({ fetch }).listFridges();
    expect(fridges.map((f) => f.id)).toEqual(['main-st']);
  });

  it('answers null for a fridge the server does not know', async () => {
    const { fetch, calls } = fakeFetch({
      '/api/fridges/gone': {
        status: 404,
        body: { error: { code: 'FRIDGE_NOT_FOUND', message: 'No such fridge' } },
      },
    });
    expect(await createHttpApi({ fetch }).getFridge('gone')).toBeNull();
    expect(calls).toEqual(['/api/fridges/gone']);
  });

  it('passes on the server error message', async () => {
    const { fetch } = fakeFetch({
      '/api/fridges': {
        status: 503,
        body: { error: { code: 'STORAGE_DOWN', message: 'Storage is unavailable' } },
      },
    });
    const failure = createHttpApi({ fetch }).listFridges();
    await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
    await expect(failure).rejects.toThrow('Storage is unavailable');
  });

  it('reads health even from a degraded 503 answer', async () => {
    const { fetch } = fakeFetch({ '/api/health': { status: 503, body: { status: 'degraded', demo: true } } });
    expect(await createHttpApi({ fetch }).health()).toEqual({ status: 'degraded', demo: true });
  });

  it('prefixes a base URL', async () => {
    const { fetch, calls } = fakeFetch({});
    await createHttpApi({ fetch, baseUrl: 'http://fridges.example' })
      .listFridges()
      .catch(() => undefined);
    expect(calls).toEqual(['http://fridges.example/api/fridges']);
  });

  it('reads the active restock requests, dropping entries it cannot read', async () => {
    const claimed = makeClaimed('2025-06-01T17:30:00.000Z');
    const { fetch, calls } = fakeFetch({
      '/api/restock-requests?status=active': {
        status: 200,
        body: [makeRequest(), claimed, { id: 'r-broken', status: 'open' }, { ...claimed, claim: { eta: 5 } }],
      },
    });
    const requests = await createHttpApi({ fetch }).activeRestockRequests();
    expect(requests).toEqual([makeRequest(), claimed]);
    expect(calls).toEqual(['/api/restock-requests?status=active']);
  });
});
