import type { ApiError, FridgeStatus } from '../../contract/api';
import { type ErrorCode, isErrorCode } from '../../contract/errors';
import type { DoorSession, NetworkActivity, StockPoint } from '../../contract/estimates';
import type { History, NetworkSummary } from '../../contract/history';
import type { RestockRequestView } from '../../contract/restock';
import type { Health } from './dashboard-state';

/** What the dashboard asks of the server over HTTP. */
export interface DashboardApi {
  listFridges(): Promise<FridgeStatus[]>;
  /**
   * When the last list answer was saved, if the service worker served its copy because the
   * network was gone (`x-fridges-saved-at`); null when it came from the server.
   */
  listSavedAt?(): string | null;
  /** null when the server answers 404. */
  getFridge(id: string): Promise<FridgeStatus | null>;
  health(): Promise<Health>;
  /** `GET /api/restock-requests?status=active`: open and claimed requests, newest first, without names. */
  activeRestockRequests(): Promise<RestockRequestView[]>;
  /** `GET /api/fridges/{id}/stock-history`: the last 24 hours of estimates, oldest first. */
  stockHistory(id: string): Promise<StockPoint[]>;
  /** `GET /api/fridges/{id}/sessions`: the last 24 hours of door sessions. */
  sessions(id: string): Promise<DoorSession[]>;
  /** `GET /api/activity`: visits and kg today and this week, per fridge and for the network. */
  activity(): Promise<NetworkActivity>;
  /** `GET /api/fridges/{id}/history?metric=&from=&to=&step=`: buckets of min/mean/max. */
  history(id: string, query: Record<string, string>): Promise<History>;
  /** `GET /api/network/summary?step=month`: the network's figures for the last 12 months. */
  networkSummary(): Promise<NetworkSummary>;
}

/** Where the network's monthly figures can be downloaded as CSV. */
export const NETWORK_SUMMARY_CSV_PATH = '/api/network/summary?step=month&format=csv';
/** Set by the service worker (dashboard/public/sw.js) on an answer it saved earlier. */
export const SAVED_AT_HEADER = 'x-fridges-saved-at';

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The server's error code; null when the answer did not name one the catalogue knows. */
    readonly code: ErrorCode | null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A light shape check of what arrives over the network: enough that a malformed message is dropped
 * instead of breaking the page. The server validates the full schema on its side.
 */
export function isFridgeStatus(value: unknown): value is FridgeStatus {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    (value.kind === 'fridge' || value.kind === 'pantry') &&
    typeof value.online === 'boolean' &&
    isRecord(value.stock) &&
    isRecord(value.temperature) &&
    isRecord(value.door) &&
    isRecord(value.levels) &&
    Array.isArray(value.shelves) &&
    Array.isArray(value.devices)
  );
}

export function isHealth(value: unknown): value is Health {
  return (
    isRecord(value) &&
    (value.status === 'ok' || value.status === 'degraded') &&
    typeof value.demo === 'boolean'
  );
}

const REQUEST_STATUSES: ReadonlySet<unknown> = new Set([
  'open',
  'claimed',
  'fulfilled',
  'cancelled',
  'expired',
]);

/** A light shape check of a restock request: what the public screens read of it. */
export function isRestockRequest(value: unknown): value is RestockRequestView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.fridgeId === 'string' &&
    REQUEST_STATUSES.has(value.status) &&
    typeof value.openedAt === 'string' &&
    (value.claim === null || (isRecord(value.claim) && typeof value.claim.eta === 'string'))
  );
}

export function isStockPoint(value: unknown): value is StockPoint {
  return (
    isRecord(value) &&
    typeof value.at === 'string' &&
    typeof value.kg === 'number' &&
    typeof value.percent === 'number' &&
    (value.uncertaintyKg === null || typeof value.uncertaintyKg === 'number')
  );
}

export function isDoorSession(value: unknown): value is DoorSession {
  return (
    isRecord(value) &&
    typeof value.openedAt === 'string' &&
    typeof value.closedAt === 'string' &&
    typeof value.netKg === 'number' &&
    typeof value.takenKg === 'number' &&
    typeof value.addedKg === 'number' &&
    Array.isArray(value.shelves)
  );
}

const isActivityRounding = (value: unknown): boolean =>
  isRecord(value) &&
  typeof value.takenKg === 'number' &&
  typeof value.addedKg === 'number' &&
  typeof value.scaleStepKg === 'number';

const isActivityTotals = (value: unknown): boolean =>
  isRecord(value) &&
  typeof value.visits === 'number' &&
  typeof value.takenKg === 'number' &&
  typeof value.addedKg === 'number' &&
  (value.rounding === undefined || isActivityRounding(value.rounding));

export function isNetworkActivity(value: unknown): value is NetworkActivity {
  return (
    isRecord(value) &&
    isRecord(value.network) &&
    isActivityTotals(value.network.today) &&
    isActivityTotals(value.network.week) &&
    isRecord(value.fridges)
  );
}

export function isHistory(value: unknown): value is History {
  return isRecord(value) && typeof value.stepMs === 'number' && Array.isArray(value.series);
}

export function isNetworkSummary(value: unknown): value is NetworkSummary {
  return isRecord(value) && Array.isArray(value.periods) && isRecord(value.total) && isRecord(value.fridges);
}

export function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && isRecord(value.error) && typeof value.error.message === 'string';
}

/** The error for a refused request: the server's own message when it sent one. */
export function requestError(path: string, status: number, body: unknown): ApiRequestError {
  const message = isApiError(body) ? body.error.message : `${path} answered HTTP ${status}`;
  const code = isApiError(body) && isErrorCode(body.error.code) ? body.error.code : null;
  return new ApiRequestError(message, status, code);
}

export const isOk = (status: number): boolean => status >= 200 && status < 300;

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpApiOptions {
  /** Prefix of every API path; '' when the dashboard is served by the API server itself. */
  baseUrl?: string;
  fetch?: Fetch;
}

export function createHttpApi(options: HttpApiOptions = {}): DashboardApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  let listSavedAt: string | null = null;

  async function getJson(path: string): Promise<{ status: number; body: unknown; savedAt: string | null }> {
    const response = await doFetch(`${baseUrl}${path}`, { headers: { accept: 'application/json' } });
    const body: unknown = await response.json().catch(() => null);
    return { status: response.status, body, savedAt: response.headers.get(SAVED_AT_HEADER) };
  }

  return {
    async listFridges() {
      const path = '/api/fridges';
      const { status, body, savedAt } = await getJson(path);
      if (!isOk(status)) throw requestError(path, status, body);
      if (!Array.isArray(body)) throw new ApiRequestError(`${path} did not send a list`, status, null);
      listSavedAt = savedAt;
      return body.filter(isFridgeStatus);
    },
    listSavedAt: () => listSavedAt,
    async getFridge(id) {
      const path = `/api/fridges/${encodeURIComponent(id)}`;
      const { status, body } = await getJson(path);
      if (status === 404) return null;
      if (!isOk(status)) throw requestError(path, status, body);
      if (!isFridgeStatus(body)) throw new ApiRequestError(`${path} sent an unreadable fridge`, status, null);
      return body;
    },
    async health() {
      const path = '/api/health';
      // A degraded server may answer 503 with the same body; the body is what matters here.
      const { status, body } = await getJson(path);
      if (!isHealth(body)) throw requestError(path, status, body);
      return body;
    },
    async activeRestockRequests() {
      const path = '/api/restock-requests?status=active';
      const { status, body } = await getJson(path);
      if (!isOk(status)) throw requestError(path, status, body);
      if (!Array.isArray(body)) throw new ApiRequestError(`${path} did not send a list`, status, null);
      return body.filter(isRestockRequest);
    },
    async stockHistory(id) {
      const path = `/api/fridges/${encodeURIComponent(id)}/stock-history`;
      const { status, body } = await getJson(path);
      if (!isOk(status)) throw requestError(path, status, body);
      if (!Array.isArray(body)) throw new ApiRequestError(`${path} did not send a list`, status, null);
      return body.filter(isStockPoint);
    },
    async sessions(id) {
      const path = `/api/fridges/${encodeURIComponent(id)}/sessions`;
      const { status, body } = await getJson(path);
      if (!isOk(status)) throw requestError(path, status, body);
      if (!Array.isArray(body)) throw new ApiRequestError(`${path} did not send a list`, status, null);
      return body.filter(isDoorSession);
    },
    async activity() {
      const path = '/api/activity';
      const { status, body } = await getJson(path);
      if (!isOk(status)) throw requestError(path, status, body);
      if (!isNetworkActivity(body)) throw new ApiRequestError(`${path} sent unreadable totals`, status, null);
      return body;
    },
    async history(id, query) {
      const path = `/api/fridges/${encodeURIComponent(id)}/history?${new URLSearchParams(query)}`;
      const { status, body } = await getJson(path);
      if (!isOk(status)) throw requestError(path, status, body);
      if (!isHistory(body)) throw new ApiRequestError(`${path} sent an unreadable history`, status, null);
      return body;
    },
    async networkSummary() {
      const path = '/api/network/summary?step=month';
      const { status, body } = await getJson(path);
      if (!isOk(status)) throw requestError(path, status, body);
      if (!isNetworkSummary(body)) throw new ApiRequestError(`${path} sent unreadable figures`, status, null);
      return body;
    },
  };
}
