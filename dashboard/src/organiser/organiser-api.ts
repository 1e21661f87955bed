import type { DeviceRegistration } from '../../../contract/fridgeAdmin';
import { type AlertsApi, alertsApi } from './organiser-api-alerts';
import { type FridgesApi, fridgesApi } from './organiser-api-fridges';
import { type RestockApi, restockApi } from './organiser-api-restock';
import { createOrganiserCaller, type OrganiserApiOptions } from './organiser-call';

export type { AlertSettings } from './organiser-api-alerts';
export type {
  Channel,
  CreateVolunteerBody,
  DailyWindow,
  NoticeFilter,
  RestockHistory,
  RestockSettings,
  UpdateVolunteerBody,
} from './organiser-api-restock';
export type { OrganiserApiOptions } from './organiser-call';
export type { DeviceRegistration };

/**
 * Everything the organiser screens ask of the server, each call with the organiser token, by topic:
 * fridges, shelves and devices (`organiser-api-fridges.ts`); restock, volunteers and notices
 * (`organiser-api-restock.ts`); alerts, reports and the fleet's health (`organiser-api-alerts.ts`).
 */
export interface OrganiserApi extends FridgesApi, RestockApi, AlertsApi {
  /** Resolves when the server accepts the token (it reads the volunteer list, an organiser-only route). */
  checkToken(): Promise<void>;
}

export function createOrganiserApi(options: OrganiserApiOptions): OrganiserApi {
  const caller = createOrganiserCaller(options);
  return {
    async checkToken() {
      await caller.call('GET', '/api/volunteers');
    },
    ...fridgesApi(caller),
    ...restockApi(caller),
    ...alertsApi(caller),
  };
}
