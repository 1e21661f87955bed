import type { Static } from 'typebox';
import type { AlertSettingsSchema, AlertView, FleetHealth } from '../../../contract/alerts';
import type { FridgeStatus } from '../../../contract/api';
import type {
  BindingInput,
  CreateDeviceBody,
  DeviceCreated,
  DeviceDetails,
  SeenSources,
} from '../../../contract/devices';
import type { CreateFridgeBody, DeviceRegistration, UpdateFridgeBody } from '../../../contract/fridgeAdmin';
import type { NeedsBody, ReportView } from '../../../contract/publicSite';
import type {
  ChannelSchema,
  CreateVolunteerBodySchema,
  DailyWindowSchema,
  NoticeView,
  RestockHistorySchema,
  RestockRequestView,
  RestockSettingsSchema,
  UpdateVolunteerBodySchema,
  VolunteerView,
} from '../../../contract/restock';
import {
  ApiRequestError,
  type Fetch,
  isFridgeStatus,
  isOk,
  isRecord,
  isRestockRequest,
  requestError,
} from '../api';

export type RestockSettings = Static<typeof RestockSettingsSchema>;
export type AlertSettings = Static<typeof AlertSettingsSchema>;
export type RestockHistory = Static<typeof RestockHistorySchema>;
export type CreateVolunteerBody = Static<typeof CreateVolunteerBodySchema>;
export type UpdateVolunteerBody = Static<typeof UpdateVolunteerBodySchema>;
export type Channel = Static<typeof ChannelSchema>;
export type DailyWindow = Static<typeof DailyWindowSchema>;

export type { DeviceRegistration };

export interface NoticeFilter {
  fridge?: string;
  subject?: string;
  limit?: number;
}

/** Everything the organiser screens ask of the server, each call with the organiser token. */
export interface OrganiserApi {
  /** Resolves when the server accepts the token (it reads the volunteer list, an organiser-only route). */
  checkToken(): Promise<void>;
  createFridge(body: CreateFridgeBody): Promise<FridgeStatus>;
  updateFridge(fridgeId: string, changes: UpdateFridgeBody): Promise<FridgeStatus>;
  setNeeds(fridgeId: string, needs: NeedsBody): Promise<FridgeStatus>;
  deleteFridge(fridgeId: string): Promise<void>;
  registerDevice(fridgeId: string, deviceId?: string): Promise<DeviceRegistration>;
  revokeDevice(deviceId: string): Promise<void>;
  /** A device of any kind (`POST /api/devices`): its password and ready configuration, shown once. */
  createDevice(body: CreateDeviceBody): Promise<DeviceCreated>;
  /** A device's kind, topic and bindings (`GET /api/devices/{id}`). */
  deviceDetails(deviceId: string): Promise<DeviceDetails>;
  /** What an adapter device has published under its topic lately, newest first. */
  seenSources(deviceId: string): Promise<SeenSources>;
  /** New bindings for an adapter device; its password stays. */
  rebindDevice(deviceId: string, bindings: BindingInput[]): Promise<DeviceDetails>;
  /** Active requests with the claimers' names (organisers see them; the public does not). */
  activeRequests(): Promise<RestockRequestView[]>;
  raiseRequest(fridgeId: string): Promise<RestockRequestView>;
  claimRequest(requestId: string, volunteerId: string, etaMinutes?: number): Promise<RestockRequestView>;
  releaseRequest(requestId: string): Promise<RestockRequestView>;
  cancelRequest(requestId: string): Promise<RestockRequestView>;
  restockSettings(fridgeId: string): Promise<RestockSettings>;
  saveRestockSettings(fridgeId: string, settings: RestockSettings): Promise<RestockSettings>;
  restockHistory(fridgeId: string, days?: number): Promise<RestockHistory>;
  volunteers(): Promise<VolunteerView[]>;
  volunteer(volunteerId: string): Promise<VolunteerView>;
  createVolunteer(body: CreateVolunteerBody): Promise<VolunteerView>;
  updateVolunteer(volunteerId: string, body: UpdateVolunteerBody): Promise<VolunteerView>;
  deleteVolunteer(volunteerId: string): Promise<void>;
  sendTestNotice(volunteerId: string): Promise<{ noticeId: string }>;
  notices(filter?: NoticeFilter): Promise<NoticeView[]>;
  notice(noticeId: string): Promise<NoticeView>;
  /** Alerts not yet resolved (`open`), or the recently resolved ones. */
  alerts(status: 'open' | 'resolved'): Promise<AlertView[]>;
  acknowledgeAlert(alertId: string, by: string, note: string | null): Promise<AlertView>;
  /** Neighbours' problem reports, newest first. */
  reports(status: 'open' | 'resolved'): Promise<ReportView[]>;
  /** Resolves it with every other open report of its fridge and kind. */
  resolveReport(reportId: string): Promise<ReportView>;
  fleetHealth(): Promise<FleetHealth>;
  alertSettings(fridgeId: string): Promise<AlertSettings>;
  saveAlertSettings(fridgeId: string, settings: AlertSettings): Promise<AlertSettings>;
  /** "The shelf is empty now": its reading becomes its tare. */
  tareShelf(fridgeId: string, shelfId: string): Promise<FridgeStatus>;
  /** "The shelf is full now": the food on it becomes its capacity. */
  markShelfFull(fridgeId: string, shelfId: string): Promise<FridgeStatus>;
  setShelfCapacity(fridgeId: string, shelfId: string, capacityKg: number): Promise<FridgeStatus>;
}

export interface OrganiserApiOptions {
  /** The organiser token now; null when signed out. */
  token: () => string | null;
  /** The server refused the token (401): the page forgets it and asks again. */
  onUnauthorized: (message: string) => void;
  /** Prefix of every API path; '' when the dashboard is served by the API server itself. */
  baseUrl?: string;
  fetch?: Fetch;
}

const isVolunteer = (value: unknown): value is VolunteerView =>
  isRecord(value) &&
  typeof value.id === 'string' &&
  typeof value.name === 'string' &&
  Array.isArray(value.channels);

const isAlert = (value: unknown): value is AlertView =>
  isRecord(value) && typeof value.id === 'string' && typeof value.summary === 'string';

const isReport = (value: unknown): value is ReportView =>
  isRecord(value) && typeof value.id === 'string' && typeof value.kind === 'string';

const isAlertSettings = (value: unknown): value is AlertSettings =>
  isRecord(value) && typeof value.profile === 'string' && typeof value.probe === 'string';

const isFleetHealth = (value: unknown): value is FleetHealth =>
  isRecord(value) && isRecord(value.devices) && Array.isArray(value.fridgesWithActiveAlerts);

const isNotice = (value: unknown): value is NoticeView =>
  isRecord(value) && typeof value.id === 'string' && Array.isArray(value.deliveries);

const isDeviceRegistration = (value: unknown): value is DeviceRegistration =>
  isRecord(value) &&
  typeof value.deviceId === 'string' &&
  typeof value.username === 'string' &&
  typeof value.password === 'string' &&
  typeof value.mqttUrl === 'string' &&
  isRecord(value.topics);

const isDeviceDetails = (value: unknown): value is DeviceDetails =>
  isRecord(value) && typeof value.deviceId === 'string' && Array.isArray(value.bindings);

const isSeenSource = (value: unknown): value is SeenSources[number] =>
  isRecord(value) && typeof value.source === 'string' && typeof value.lastSeen === 'string';

const isDeviceCreated = (value: unknown): value is DeviceCreated =>
  isRecord(value) &&
  typeof value.deviceId === 'string' &&
  typeof value.password === 'string' &&
  isRecord(value.config) &&
  typeof value.config.text === 'string';

const isRestockSettings = (value: unknown): value is RestockSettings =>
  isRecord(value) && (value.raiseAtLevel === 'few' || value.raiseAtLevel === 'empty');

const isRestockHistory = (value: unknown): value is RestockHistory =>
  isRecord(value) && isRecord(value.summary) && Array.isArray(value.requests);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function createOrganiserApi(options: OrganiserApiOptions): OrganiserApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** One call; a 401 signs the organiser out, any other refusal throws the server's message. */
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

  async function read<T>(
    method: Method,
    path: string,
    check: (value: unknown) => value is T,
    body?: unknown,
  ): Promise<T> {
    const value = await call(method, path, body);
    if (!check(value)) throw new ApiRequestError(`${path} sent an answer the page cannot read`, 200, null);
    return value;
  }

  async function readList<T>(path: string, check: (value: unknown) => value is T): Promise<T[]> {
    const value = await call('GET', path);
    if (!Array.isArray(value)) throw new ApiRequestError(`${path} did not send a list`, 200, null);
    return value.filter(check);
  }

  const devicePath = (id: string) => `/api/devices/${encodeURIComponent(id)}`;
  const fridgePath = (id: string) => `/api/fridges/${encodeURIComponent(id)}`;
  const shelfPath = (fridgeId: string, shelfId: string) =>
    `${fridgePath(fridgeId)}/shelves/${encodeURIComponent(shelfId)}`;
  const requestPath = (id: string) => `/api/restock-requests/${encodeURIComponent(id)}`;
  const volunteerPath = (id: string) => `/api/volunteers/${encodeURIComponent(id)}`;

  return {
    async checkToken() {
      await call('GET', '/api/volunteers');
    },
    createFridge: (body) => read('POST', '/api/fridges', isFridgeStatus, body),
    updateFridge: (id, changes) => read('PATCH', fridgePath(id), isFridgeStatus, changes),
    setNeeds: (id, needs) => read('PUT', `${fridgePath(id)}/needs`, isFridgeStatus, needs),
    async deleteFridge(id) {
      await call('DELETE', fridgePath(id));
    },
    registerDevice: (fridgeId, deviceId) =>
      read(
        'POST',
        `${fridgePath(fridgeId)}/devices`,
        isDeviceRegistration,
        deviceId === undefined ? {} : { deviceId },
      ),
    async revokeDevice(deviceId) {
      await call('DELETE', `/api/devices/${encodeURIComponent(deviceId)}`);
    },
    createDevice: (body) => read('POST', '/api/devices', isDeviceCreated, body),
    deviceDetails: (deviceId) => read('GET', devicePath(deviceId), isDeviceDetails),
    seenSources: (deviceId) => readList(`${devicePath(deviceId)}/sources`, isSeenSource),
    rebindDevice: (deviceId, bindings) =>
      read('PUT', `${devicePath(deviceId)}/bindings`, isDeviceDetails, { bindings }),
    activeRequests: () => readList('/api/restock-requests?status=active', isRestockRequest),
    raiseRequest: (fridgeId) => read('POST', '/api/restock-requests', isRestockRequest, { fridgeId }),
    claimRequest: (id, volunteerId, etaMinutes) =>
      read(
        'POST',
        `${requestPath(id)}/claim`,
        isRestockRequest,
        etaMinutes === undefined ? { volunteerId } : { volunteerId, etaMinutes },
      ),
    releaseRequest: (id) => read('POST', `${requestPath(id)}/release`, isRestockRequest),
    cancelRequest: (id) => read('POST', `${requestPath(id)}/cancel`, isRestockRequest),
    restockSettings: (fridgeId) => read('GET', `${fridgePath(fridgeId)}/restock-settings`, isRestockSettings),
    saveRestockSettings: (fridgeId, settings) =>
      read('PUT', `${fridgePath(fridgeId)}/restock-settings`, isRestockSettings, settings),
    restockHistory: (fridgeId, days) =>
      read(
        'GET',
        `${fridgePath(fridgeId)}/restock-history${days === undefined ? '' : `?days=${days}`}`,
        isRestockHistory,
      ),
    volunteers: () => readList('/api/volunteers', isVolunteer),
    volunteer: (id) => read('GET', volunteerPath(id), isVolunteer),
    createVolunteer: (body) => read('POST', '/api/volunteers', isVolunteer, body),
    updateVolunteer: (id, body) => read('PATCH', volunteerPath(id), isVolunteer, body),
    async deleteVolunteer(id) {
      await call('DELETE', volunteerPath(id));
    },
    sendTestNotice: (id) =>
      read('POST', `${volunteerPath(id)}/test-notice`, (value): value is { noticeId: string } => {
        return isRecord(value) && typeof value.noticeId === 'string';
      }),
    notices(filter = {}) {
      const query = new URLSearchParams();
      if (filter.fridge !== undefined) query.set('fridge', filter.fridge);
      if (filter.subject !== undefined) query.set('subject', filter.subject);
      if (filter.limit !== undefined) query.set('limit', String(filter.limit));
      const search = query.toString();
      return readList(`/api/notices${search === '' ? '' : `?${search}`}`, isNotice);
    },
    notice: (id) => read('GET', `/api/notices/${encodeURIComponent(id)}`, isNotice),
    alerts: (status) => readList(`/api/alerts?status=${status}&limit=50`, isAlert),
    acknowledgeAlert: (id, by, note) =>
      read(
        'POST',
        `/api/alerts/${encodeURIComponent(id)}/acknowledge`,
        isAlert,
        note === null ? { by } : { by, note },
      ),
    reports: (status) => readList(`/api/reports?status=${status}&limit=50`, isReport),
    resolveReport: (id) => read('POST', `/api/reports/${encodeURIComponent(id)}/resolve`, isReport),
    fleetHealth: () => read('GET', '/api/health/fleet', isFleetHealth),
    alertSettings: (fridgeId) => read('GET', `${fridgePath(fridgeId)}/alert-settings`, isAlertSettings),
    saveAlertSettings: (fridgeId, settings) =>
      read('PUT', `${fridgePath(fridgeId)}/alert-settings`, isAlertSettings, settings),
    tareShelf: (fridgeId, shelfId) => read('POST', `${shelfPath(fridgeId, shelfId)}/tare`, isFridgeStatus),
    markShelfFull: (fridgeId, shelfId) =>
      read('POST', `${shelfPath(fridgeId, shelfId)}/mark-full`, isFridgeStatus),
    setShelfCapacity: (fridgeId, shelfId, capacityKg) =>
      read('POST', `${shelfPath(fridgeId, shelfId)}/capacity`, isFridgeStatus, { capacityKg }),
  };
}
