import type { FridgeStatus } from '../../contract/api';
import type { RestockRequestView } from '../../contract/restock';

/** `GET /api/health`, as far as the dashboard reads it. */
export interface Health {
  status: 'ok' | 'degraded';
  demo: boolean;
}

/** The live connection to `GET /api/events`. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

export interface DashboardState {
  fridges: Readonly<Record<string, FridgeStatus>>;
  /** True once a list of fridges has arrived. */
  loaded: boolean;
  /** Why the last attempt to load the list failed; null after a success. */
  loadError: string | null;
  /** Ids the server answered 404 for. */
  notFound: ReadonlySet<string>;
  connection: ConnectionStatus;
  health: Health | null;
  restock: RestockState;
  /**
   * When the list shown was saved by the service worker, if the network was gone and it served
   * its last copy; null when the list came from the server.
   */
  savedAt: string | null;
}

/** Active (open and claimed) restock requests, as the public sees them: no names. */
export interface RestockState {
  requests: readonly RestockRequestView[];
  /** True once a list of requests has arrived. */
  loaded: boolean;
  /** Why the last attempt failed; null after a success. */
  error: string | null;
}

export type DashboardAction =
  | { type: 'listLoaded'; fridges: readonly FridgeStatus[]; savedAt?: string | null }
  | { type: 'listFailed'; message: string }
  | { type: 'fridgeUpdated'; fridge: FridgeStatus }
  | { type: 'fridgeRemoved'; id: string }
  | { type: 'fridgeNotFound'; id: string }
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'health'; health: Health }
  | { type: 'restockLoaded'; requests: readonly RestockRequestView[] }
  | { type: 'restockFailed'; message: string };

export const initialDashboardState: DashboardState = {
  fridges: {},
  loaded: false,
  loadError: null,
  notFound: new Set(),
  connection: 'connecting',
  health: null,
  restock: { requests: [], loaded: false, error: null },
  savedAt: null,
};

/** Deep equality of two values parsed from JSON (plain objects, arrays, strings, numbers, booleans, null). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!(key in b) || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}

function withoutId(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!set.has(id)) return set;
  const next = new Set(set);
  next.delete(id);
  return next;
}

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'listLoaded': {
      // A fridge that has not changed keeps its object, and an unchanged list its record: the list
      // is fetched again each time the live feed opens (right after the first load), and unchanged
      // objects let the page skip re-rendering cards and re-sorting (docs/benchmarks.md, section 5).
      const fridges: Record<string, FridgeStatus> = {};
      let changed = action.fridges.length !== Object.keys(state.fridges).length;
      for (const fridge of action.fridges) {
        const before = state.fridges[fridge.id];
        const same = before !== undefined && sameJson(before, fridge);
        fridges[fridge.id] = same ? before : fridge;
        if (!same) changed = true;
      }
      return {
        ...state,
        fridges: changed ? fridges : state.fridges,
        loaded: true,
        loadError: null,
        notFound: new Set(),
        savedAt: action.savedAt ?? null,
      };
    }
    case 'listFailed':
      return { ...state, loadError: action.message };
    case 'fridgeUpdated':
      return {
        ...state,
        fridges: { ...state.fridges, [action.fridge.id]: action.fridge },
        notFound: withoutId(state.notFound, action.fridge.id),
      };
    case 'fridgeRemoved': {
      if (!(action.id in state.fridges)) return state;
      const { [action.id]: _removed, ...rest } = state.fridges;
      return { ...state, fridges: rest };
    }
    case 'fridgeNotFound': {
      const notFound = new Set(state.notFound);
      notFound.add(action.id);
      return { ...state, notFound };
    }
    case 'connection':
      return action.status === state.connection ? state : { ...state, connection: action.status };
    case 'health':
      return { ...state, health: action.health };
    case 'restockLoaded':
      return { ...state, restock: { requests: action.requests, loaded: true, error: null } };
    case 'restockFailed':
      return { ...state, restock: { ...state.restock, error: action.message } };
  }
}

/**
 * One collator for every sort by name: `localeCompare` with options builds a collator per call,
 * which made sorting 1,000 fridges a third of the list's first render (839 → 589 ms idle,
 * `npm run bench:dashboard`).
 */
const byName = new Intl.Collator(undefined, { sensitivity: 'base' });

/** Fridges in the order neighbours look for them: by name, then id. */
export function sortedFridges(fridges: Readonly<Record<string, FridgeStatus>>): FridgeStatus[] {
  return Object.values(fridges).sort(
    (a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
