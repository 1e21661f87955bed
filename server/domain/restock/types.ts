import type { StockLevel } from '../../../contract/api';
import type { DailyWindow } from '../timeOfDay';
import type { RestockConfig } from './config';

/** Times are epoch milliseconds; weights are kilograms. */

export const REQUEST_STATUSES = ['open', 'claimed', 'fulfilled', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const ACTIVE_STATUSES: ReadonlySet<RequestStatus> = new Set(['open', 'claimed']);

export type RequestReason = 'low-stock' | 'forecast' | 'manual';

/**
 * Who is asked, widening while nobody claims: the fridge's own volunteers, then every volunteer
 * of its area, then the organisers.
 */
export const CIRCLES = ['fridge', 'area', 'organisers'] as const;
export type Circle = 0 | 1 | 2;
export const LAST_CIRCLE: Circle = 2;

export interface Claim {
  volunteerId: string;
  claimedAtMs: number;
  etaMs: number;
  /** When the claimer was reminded that the ETA passed; null until then. */
  remindedAtMs: number | null;
  /** When the request reopens if nothing arrives; set by the reminder. */
  reopenAtMs: number | null;
}

export interface Fulfilment {
  kgAdded: number | null;
  via: 'door-session' | 'level';
  /** The volunteer holding the claim when the food arrived (null: someone unannounced). */
  volunteerId: string | null;
}

export interface RestockRequest {
  id: string;
  fridgeId: string;
  status: RequestStatus;
  reason: RequestReason;
  openedAtMs: number;
  /** The level and food when it opened (null for a fridge never measured). */
  levelAtOpen: StockLevel | null;
  kgAtOpen: number | null;
  /** The least food seen while the request was active: the base of "kg added" by level. */
  lowestKg: number | null;
  circle: Circle;
  /** When an unclaimed request next widens or repeats; null while claimed or closed. */
  nextNoticeAtMs: number | null;
  expiresAtMs: number;
  claim: Claim | null;
  firstClaimedAtMs: number | null;
  /** Every volunteer who claimed it, in order (a lapsed or released claim stays on record). */
  claimHistory: string[];
  closedAtMs: number | null;
  fulfilment: Fulfilment | null;
}

/** What the request rules remember per fridge. */
export interface FridgeRestockState {
  /** Since when the fridge has been at or below its raise level; null when above or unknown. */
  lowSinceMs: number | null;
  /** No automatic request before this (an organiser cancelled one); null for none. */
  pausedUntilMs: number | null;
  /** The open or claimed request: at most one per fridge. */
  active: RestockRequest | null;
}

export const initialRestockState = (): FridgeRestockState => ({
  lowSinceMs: null,
  pausedUntilMs: null,
  active: null,
});

/** An organiser's choices for one fridge. */
export interface FridgeRestockSettings {
  /** A request opens when the level is this or lower. */
  raiseAtLevel: Extract<StockLevel, 'empty' | 'few'>;
  /** Fridges with the same area share their volunteers in the second circle; null: the whole site. */
  area: string | null;
  /** When the forecast trigger may open a request (local time); null: at any hour. */
  activeHours: DailyWindow | null;
  /** Whether a forecast of empty may open a request at all. */
  forecastTrigger: boolean;
}

export const DEFAULT_FRIDGE_SETTINGS: FridgeRestockSettings = Object.freeze({
  raiseAtLevel: 'few',
  area: null,
  activeHours: null,
  forecastTrigger: true,
});

/** Everything the rules see besides state, event and time. */
export interface RestockContext {
  fridgeId: string;
  config: RestockConfig;
  settings: FridgeRestockSettings;
  timeZone: string;
  /** A fresh request id; called only when a request opens. */
  newRequestId: () => string;
  /** Whether anyone would hear a notice sent to this circle (empty circles are skipped). */
  circleHasMembers: (circle: Circle) => boolean;
}

export type RestockEvent =
  /** The fridge's public status changed: its level, food and (from the estimator) forecast. */
  | { type: 'stock'; level: StockLevel | null; kg: number | null; forecastEmptyAtMs: number | null }
  /** A settled door visit (from the stock estimator). */
  | { type: 'doorSession'; addedKg: number }
  /** An organiser raises one by hand; level and kg are the fridge's now. */
  | { type: 'raise'; level: StockLevel | null; kg: number | null }
  | { type: 'claim'; requestId: string; volunteerId: string; etaMs: number | null }
  /** The claimer (or an organiser, volunteerId null) gives the claim back. */
  | { type: 'release'; requestId: string; volunteerId: string | null }
  | { type: 'cancel'; requestId: string }
  | { type: 'fridgeRemoved' }
  /**
   * Time passed: escalation, reminders, reopening, expiry and the low-stock wait fire on this,
   * not on the next reading. Level and kg are the fridge's now (for a request it opens).
   */
  | { type: 'tick'; level: StockLevel | null; kg: number | null };

/** Who hears of a change: a range of circles (minus one volunteer), or one volunteer. */
export type Audience =
  | { type: 'circles'; from: Circle; to: Circle; exceptVolunteerId: string | null }
  | { type: 'volunteer'; volunteerId: string };

export type RestockChange =
  | 'opened'
  | 'escalated'
  | 'still-open'
  | 'claimed'
  | 'claim-reminder'
  | 'released'
  | 'reopened'
  | 'fulfilled'
  | 'cancelled'
  | 'expired';

/** One change of a request: stored, published on `fridges/{id}/requests`, and told to `audience`. */
export interface RestockEffect {
  type: 'requestChanged';
  change: RestockChange;
  request: RestockRequest;
  audience: Audience | null;
}

export type Refusal =
  | { reason: 'no-active-request' }
  | { reason: 'request-closed'; request: RestockRequest | null }
  | { reason: 'already-claimed'; claim: Claim }
  | { reason: 'already-open'; request: RestockRequest }
  | { reason: 'not-claimer' };

export interface RestockStep {
  state: FridgeRestockState;
  effects: RestockEffect[];
  /** Set when an organiser's or volunteer's command was refused; state is then unchanged. */
  refusal: Refusal | null;
}
