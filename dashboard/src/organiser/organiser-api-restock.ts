import type { Static } from 'typebox';
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
import { isRecord, isRestockRequest } from '../api';
import { fridgePath, type OrganiserCaller } from './organiser-call';

export type RestockSettings = Static<typeof RestockSettingsSchema>;
export type RestockHistory = Static<typeof RestockHistorySchema>;
export type CreateVolunteerBody = Static<typeof CreateVolunteerBodySchema>;
export type UpdateVolunteerBody = Static<typeof UpdateVolunteerBodySchema>;
export type Channel = Static<typeof ChannelSchema>;
export type DailyWindow = Static<typeof DailyWindowSchema>;

export interface NoticeFilter {
  fridge?: string;
  subject?: string;
  limit?: number;
}

/** Restock requests and settings, the volunteers and the notices sent to them. */
export interface RestockApi {
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
}

const isVolunteer = (value: unknown): value is VolunteerView =>
  isRecord(value) &&
  typeof value.id === 'string' &&
  typeof value.name === 'string' &&
  Array.isArray(value.channels);

const isNotice = (value: unknown): value is NoticeView =>
  isRecord(value) && typeof value.id === 'string' && Array.isArray(value.deliveries);

const isRestockSettings = (value: unknown): value is RestockSettings =>
  isRecord(value) && (value.raiseAtLevel === 'few' || value.raiseAtLevel === 'empty');

const isRestockHistory = (value: unknown): value is RestockHistory =>
  isRecord(value) && isRecord(value.summary) && Array.isArray(value.requests);

export function restockApi({ call, read, readList }: OrganiserCaller): RestockApi {
  const requestPath = (id: string) => `/api/restock-requests/${encodeURIComponent(id)}`;
  const volunteerPath = (id: string) => `/api/volunteers/${encodeURIComponent(id)}`;
  return {
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
  };
}
