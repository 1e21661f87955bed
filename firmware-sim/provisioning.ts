import type { FridgeKind } from '../contract';
import type { SimulationFridge } from './simulationOptions';
import type { SimulatedShelf } from './types';

export interface ProvisionOptions {
  /** Server base URL, e.g. `http://localhost:8080`. */
  apiUrl: string;
  adminToken: string;
  /** Creates `sim-1` .. `sim-{count}`. */
  count: number;
  /** Injected for tests; default the global `fetch`. */
  fetch?: typeof fetch;
}

/** A fridge the server knows, with a freshly registered device and where it should connect. */
export interface ProvisionedFridge extends SimulationFridge {
  device: SimulationFridge['device'] & { mqttUrl: string };
}

const DEFAULT_SHELVES: SimulatedShelf[] = ['s1', 's2', 's3'].map((id) => ({ id, tareKg: 2, capacityKg: 20 }));

class ApiCallError extends Error {}

async function describeFailure(method: string, path: string, response: Response): Promise<ApiCallError> {
  let detail = response.statusText;
  try {
    const body: unknown = await response.json();
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (error && typeof error.message === 'string')
      detail = `${String(error.code ?? '')} ${error.message}`.trim();
  } catch {
    // No JSON error body: the status text will do.
  }
  return new ApiCallError(`${method} ${path} failed: ${response.status} ${detail}`);
}

function readShelves(body: unknown): { kind: FridgeKind; shelves: SimulatedShelf[] } | null {
  const fridge = body as { kind?: unknown; shelves?: unknown } | null;
  if (!fridge || (fridge.kind !== 'fridge' && fridge.kind !== 'pantry') || !Array.isArray(fridge.shelves))
    return null;
  const shelves: SimulatedShelf[] = [];
  for (const shelf of fridge.shelves as Array<Record<string, unknown>>) {
    if (
      typeof shelf.id !== 'string' ||
      typeof shelf.tareKg !== 'number' ||
      typeof shelf.capacityKg !== 'number'
    )
      return null;
    shelves.push({ id: shelf.id, tareKg: shelf.tareKg, capacityKg: shelf.capacityKg });
  }
  return { kind: fridge.kind, shelves };
}

/**
 * Creates the simulated fridges through the server's API and registers one device for each.
 * A fridge that exists already (409) is kept as it is: its shelves are read back and only a new
 * device is registered.
 */
export async function provisionFridges(options: ProvisionOptions): Promise<ProvisionedFridge[]> {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' };
  const call = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    doFetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const provisioned: ProvisionedFridge[] = [];
  for (let n = 1; n <= options.count; n += 1) {
    const fridgeId = `sim-${n}`;
    let kind: FridgeKind = 'fridge';
    let shelves = DEFAULT_SHELVES;
    const created = await call('POST', '/api/fridges', {
      id: fridgeId,
      name: `Simulated fridge ${n}`,
      kind,
      shelves,
    });
    if (created.status === 409) {
      const path = `/api/fridges/${fridgeId}`;
      const existing = await call('GET', path);
      if (!existing.ok) throw await describeFailure('GET', path, existing);
      const known = readShelves(await existing.json());
      if (!known) throw new ApiCallError(`GET ${path}: answer has no kind and shelves`);
      ({ kind, shelves } = known);
    } else if (!created.ok) {
      throw await describeFailure('POST', '/api/fridges', created);
    }

    const devicesPath = `/api/fridges/${fridgeId}/devices`;
    const registered = await call('POST', devicesPath, {});
    if (!registered.ok) throw await describeFailure('POST', devicesPath, registered);
    const device = (await registered.json()) as Record<string, unknown>;
    const { deviceId, username, password, mqttUrl } = device;
    if (
      typeof deviceId !== 'string' ||
      typeof username !== 'string' ||
      typeof password !== 'string' ||
      typeof mqttUrl !== 'string'
    )
      throw new ApiCallError(`POST ${devicesPath}: answer lacks deviceId, username, password or mqttUrl`);
    provisioned.push({ fridgeId, kind, shelves, device: { deviceId, username, password, mqttUrl } });
  }
  return provisioned;
}
