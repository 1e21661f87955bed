import { ApiRequestError, type Fetch, isOk, requestError } from '../api';

export interface OrganiserApiOptions {
  /** The organiser token now; null when signed out. */
  token: () => string | null;
  /** The server refused the token (401): the page forgets it and asks again. */
  onUnauthorized: (message: string) => void;
  /** Prefix of every API path; '' when the dashboard is served by the API server itself. */
  baseUrl?: string;
  fetch?: Fetch;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How each topic's calls reach the server: with the organiser token, answers checked. */
export interface OrganiserCaller {
  /** One call; a 401 signs the organiser out, any other refusal throws the server's message. */
  call(method: Method, path: string, body?: unknown): Promise<unknown>;
  /** One call whose answer must pass `check`. */
  read<T>(method: Method, path: string, check: (value: unknown) => value is T, body?: unknown): Promise<T>;
  /** A GET of a list; items that do not pass `check` are left out. */
  readList<T>(path: string, check: (value: unknown) => value is T): Promise<T[]>;
}

export const fridgePath = (id: string) => `/api/fridges/${encodeURIComponent(id)}`;

export function createOrganiserCaller(options: OrganiserApiOptions): OrganiserCaller {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call(method: Method, path: string, body?: unknown): Promise<unknown> {
    const token = options.token();
    if (token === null) {
      const message = 'Sign in with the organiser token first.';
      options.onUnauthorized(message);
      throw new ApiRequestError(message, 401, 'UNAUTHORIZED');
    }
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    // Fastify refuses an empty body that claims to be JSON, so the type goes only with a body.
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await doFetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const text = await response.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (response.status === 401) {
      const error = requestError(path, 401, parsed);
      options.onUnauthorized(error.message);
      throw error;
    }
    if (!isOk(response.status)) throw requestError(path, response.status, parsed);
    return parsed;
  }

  return {
    call,
    async read(method, path, check, body) {
      const value = await call(method, path, body);
      if (!check(value)) throw new ApiRequestError(`${path} sent an answer the page cannot read`, 200, null);
      return value;
    },
    async readList(path, check) {
      const value = await call('GET', path);
      if (!Array.isArray(value)) throw new ApiRequestError(`${path} did not send a list`, 200, null);
      return value.filter(check);
    },
  };
}
