import type { FridgeStatus } from '../../../contract/api';
import type {
  BindingInput,
  CreateDeviceBody,
  DeviceCreated,
  DeviceDetails,
  SeenSources,
} from '../../../contract/devices';
import type { CreateFridgeBody, DeviceRegistration, UpdateFridgeBody } from '../../../contract/fridgeAdmin';
import type { NeedsBody } from '../../../contract/publicSite';
import { isFridgeStatus, isRecord } from '../api';
import { fridgePath, type OrganiserCaller } from './organiser-call';

/** Fridges, their shelves and their devices. */
export interface FridgesApi {
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
  /** "The shelf is empty now": its reading becomes its tare. */
  tareShelf(fridgeId: string, shelfId: string): Promise<FridgeStatus>;
  /** "The shelf is full now": the food on it becomes its capacity. */
  markShelfFull(fridgeId: string, shelfId: string): Promise<FridgeStatus>;
  setShelfCapacity(fridgeId: string, shelfId: string, capacityKg: number): Promise<FridgeStatus>;
}

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

export function fridgesApi({ call, read, readList }: OrganiserCaller): FridgesApi {
  const devicePath = (id: string) => `/api/devices/${encodeURIComponent(id)}`;
  const shelfPath = (fridgeId: string, shelfId: string) =>
    `${fridgePath(fridgeId)}/shelves/${encodeURIComponent(shelfId)}`;
  return {
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
      await call('DELETE', devicePath(deviceId));
    },
    createDevice: (body) => read('POST', '/api/devices', isDeviceCreated, body),
    deviceDetails: (deviceId) => read('GET', devicePath(deviceId), isDeviceDetails),
    seenSources: (deviceId) => readList(`${devicePath(deviceId)}/sources`, isSeenSource),
    rebindDevice: (deviceId, bindings) =>
      read('PUT', `${devicePath(deviceId)}/bindings`, isDeviceDetails, { bindings }),
    tareShelf: (fridgeId, shelfId) => read('POST', `${shelfPath(fridgeId, shelfId)}/tare`, isFridgeStatus),
    markShelfFull: (fridgeId, shelfId) =>
      read('POST', `${shelfPath(fridgeId, shelfId)}/mark-full`, isFridgeStatus),
    setShelfCapacity: (fridgeId, shelfId, capacityKg) =>
      read('POST', `${shelfPath(fridgeId, shelfId)}/capacity`, isFridgeStatus, { capacityKg }),
  };
}
