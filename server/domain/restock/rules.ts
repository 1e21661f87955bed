import type { StockLevel } from '../../../contract/api';
import { roundTo } from '../stock';
import { isInDailyWindow } from '../timeOfDay';
import {
  type Audience,
  type Circle,
  type FridgeRestockSettings,
  type FridgeRestockState,
  initialRestockState,
  LAST_CIRCLE,
  type Refusal,
  type RequestReason,
  type RestockChange,
  type RestockContext,
  type RestockEffect,
  type RestockEvent,
  type RestockRequest,
  type RestockStep,
} from './types';

const LEVEL_RANK: Record<StockLevel, number> = { empty: 0, few: 1, many: 2, full: 3 };

/** Whether a level is at or below the fridge's raise level; an unmeasured fridge is not low. */
export function isLowStock(level: StockLevel | null, settings: FridgeRestockSettings): boolean {
  return level !== null && LEVEL_RANK[level] <= LEVEL_RANK[settings.raiseAtLevel];
}

const unchanged = (state: FridgeRestockState): RestockStep => ({ state, effects: [], refusal: null });
const refused = (state: FridgeRestockState, refusal: Refusal): RestockStep => ({
  state,
  effects: [],
  refusal,
});
const effect = (
  change: RestockChange,
  request: RestockRequest,
  audience: Audience | null,
): RestockEffect => ({
  type: 'requestChanged',
  change,
  request,
  audience,
});
const circles = (from: Circle, to: Circle, exceptVolunteerId: string | null = null): Audience => ({
  type: 'circles',
  from,
  to,
  exceptVolunteerId,
});

/**
 * The restock request rules: one step of a small state machine per fridge.
 * `open` → `claimed` → `fulfilled` | `cancelled` | `expired`; a lapsed or released claim goes back
 * to `open`. Pure: time comes in as `nowMs`, ids from `context.newRequestId`.
 */
export function restockStep(
  state: FridgeRestockState,
  event: RestockEvent,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  switch (event.type) {
    case 'stock':
      return onStock(state, event, nowMs, context);
    case 'doorSession':
      return onDoorSession(state, event.addedKg, nowMs, context);
    case 'raise':
      if (state.active) return refused(state, { reason: 'already-open', request: state.active });
      return openRequest({ ...state, pausedUntilMs: null }, 'manual', event.level, event.kg, nowMs, context);
    case 'claim':
      return onClaim(state, event, nowMs, context);
    case 'release':
      return onRelease(state, event, nowMs, context);
    case 'cancel':
      return onCancel(state, event.requestId, nowMs, context);
    case 'fridgeRemoved': {
      if (!state.active) return { state: initialRestockState(), effects: [], refusal: null };
      const cancelled = closeAs(state.active, 'cancelled', nowMs);
      return {
        state: initialRestockState(),
        effects: [effect('cancelled', cancelled, claimerAudience(state.active))],
        refusal: null,
      };
    }
    case 'tick':
      return onTick(state, event.level, event.kg, nowMs, context);
  }
}

/**
 * The next instant at which `tick` may change something: when the low-stock wait ends, an
 * unclaimed request widens or expires, a claimer is reminded or a lapsed claim reopens.
 */
export function nextRestockDeadline(state: FridgeRestockState, context: RestockContext): number | null {
  const request = state.active;
  if (!request) {
    if (state.lowSinceMs === null) return null;
    return Math.max(state.lowSinceMs + context.config.lowForMs, state.pausedUntilMs ?? 0);
  }
  if (request.status === 'open') return Math.min(request.nextNoticeAtMs ?? Infinity, request.expiresAtMs);
  const claim = request.claim;
  if (!claim) return null;
  return claim.reopenAtMs ?? (claim.remindedAtMs === null ? claim.etaMs : null);
}

function onStock(
  state: FridgeRestockState,
  event: Extract<RestockEvent, { type: 'stock' }>,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const low = isLowStock(event.level, context.settings);
  // A reading above the raise level restarts the wait: the level must *stay* low (no flapping).
  const lowSinceMs = low ? (state.lowSinceMs ?? nowMs) : null;
  let next: FridgeRestockState = lowSinceMs === state.lowSinceMs ? state : { ...state, lowSinceMs };
  const request = next.active;
  if (request && event.kg !== null) {
    const lowestKg = request.lowestKg === null ? event.kg : Math.min(request.lowestKg, event.kg);
    const risenKg = event.kg - lowestKg;
    // Back above the raise level *and* clearly more food than at the lowest point: a restock,
    // not a noisy reading that happens to cross the threshold.
    if (!low && event.level !== null && risenKg >= context.config.fulfilMinKg) {
      return fulfil(next, request, roundTo(risenKg, 2), 'level', nowMs);
    }
    if (lowestKg !== request.lowestKg) next = { ...next, active: { ...request, lowestKg } };
  }
  if (next.active) return unchanged(next);
  return maybeOpen(next, event.level, event.kg, event.forecastEmptyAtMs, nowMs, context);
}

function onDoorSession(
  state: FridgeRestockState,
  addedKg: number,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const request = state.active;
  if (!request || addedKg < context.config.fulfilMinKg) return unchanged(state);
  return fulfil(state, request, roundTo(addedKg, 2), 'door-session', nowMs);
}

function maybeOpen(
  state: FridgeRestockState,
  level: StockLevel | null,
  kg: number | null,
  forecastEmptyAtMs: number | null,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const { config, settings, timeZone } = context;
  if (state.active) return unchanged(state);
  if (state.pausedUntilMs !== null && nowMs < state.pausedUntilMs) return unchanged(state);
  const lowLongEnough = state.lowSinceMs !== null && nowMs - state.lowSinceMs >= config.lowForMs;
  const emptySoon =
    settings.forecastTrigger &&
    forecastEmptyAtMs !== null &&
    forecastEmptyAtMs - nowMs <= config.forecastWithinMs &&
    (settings.activeHours === null || isInDailyWindow(nowMs, settings.activeHours, timeZone));
  const reason: RequestReason | null = lowLongEnough ? 'low-stock' : emptySoon ? 'forecast' : null;
  if (reason === null) return unchanged(state);
  return openRequest(state, reason, level, kg, nowMs, context);
}

/** The first circle at or after `from` that has anyone in it (the organisers if none has). */
function firstReachableCircle(from: Circle, context: RestockContext): Circle {
  for (let circle = from; circle < LAST_CIRCLE; circle++) {
    if (context.circleHasMembers(circle as Circle)) return circle as Circle;
  }
  return LAST_CIRCLE;
}

function openRequest(
  state: FridgeRestockState,
  reason: RequestReason,
  level: StockLevel | null,
  kg: number | null,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const circle = firstReachableCircle(0, context);
  const request: RestockRequest = {
    id: context.newRequestId(),
    fridgeId: context.fridgeId,
    status: 'open',
    reason,
    openedAtMs: nowMs,
    levelAtOpen: level,
    kgAtOpen: kg,
    lowestKg: kg,
    circle,
    nextNoticeAtMs: nowMs + context.config.escalateAfterMs,
    expiresAtMs: nowMs + context.config.expireAfterMs,
    claim: null,
    firstClaimedAtMs: null,
    claimHistory: [],
    closedAtMs: null,
    fulfilment: null,
  };
  return {
    state: { ...state, active: request },
    effects: [effect('opened', request, circles(0, circle))],
    refusal: null,
  };
}

function closeAs(
  request: RestockRequest,
  status: 'fulfilled' | 'cancelled' | 'expired',
  nowMs: number,
): RestockRequest {
  return { ...request, status, closedAtMs: nowMs, nextNoticeAtMs: null };
}

const claimerAudience = (request: RestockRequest): Audience | null =>
  request.status === 'claimed' && request.claim
    ? { type: 'volunteer', volunteerId: request.claim.volunteerId }
    : null;

function fulfil(
  state: FridgeRestockState,
  request: RestockRequest,
  kgAdded: number,
  via: 'door-session' | 'level',
  nowMs: number,
): RestockStep {
  const volunteerId = request.status === 'claimed' ? (request.claim?.volunteerId ?? null) : null;
  const fulfilled: RestockRequest = {
    ...closeAs(request, 'fulfilled', nowMs),
    fulfilment: { kgAdded, via, volunteerId },
  };
  return {
    // Still low after the restock (a big fridge, a small delivery): the wait starts over.
    state: { ...state, active: null, lowSinceMs: state.lowSinceMs === null ? null : nowMs },
    effects: [
      effect('fulfilled', fulfilled, volunteerId === null ? null : { type: 'volunteer', volunteerId }),
    ],
    refusal: null,
  };
}

function onClaim(
  state: FridgeRestockState,
  event: Extract<RestockEvent, { type: 'claim' }>,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const request = state.active;
  if (!request || request.id !== event.requestId)
    return refused(state, { reason: 'request-closed', request: null });
  if (request.status === 'claimed' && request.claim) {
    if (request.claim.volunteerId !== event.volunteerId)
      return refused(state, { reason: 'already-claimed', claim: request.claim });
    // The claimer again: a new ETA restarts the reminder; the same link opened twice changes nothing.
    if (event.etaMs === null || event.etaMs === request.claim.etaMs) return unchanged(state);
    const updated: RestockRequest = {
      ...request,
      claim: { ...request.claim, etaMs: event.etaMs, remindedAtMs: null, reopenAtMs: null },
    };
    return {
      state: { ...state, active: updated },
      effects: [effect('claimed', updated, null)],
      refusal: null,
    };
  }
  const claimed: RestockRequest = {
    ...request,
    status: 'claimed',
    claim: {
      volunteerId: event.volunteerId,
      claimedAtMs: nowMs,
      etaMs: event.etaMs ?? nowMs + context.config.claimEtaMs,
      remindedAtMs: null,
      reopenAtMs: null,
    },
    firstClaimedAtMs: request.firstClaimedAtMs ?? nowMs,
    claimHistory: [...request.claimHistory, event.volunteerId],
    nextNoticeAtMs: null,
  };
  return { state: { ...state, active: claimed }, effects: [effect('claimed', claimed, null)], refusal: null };
}

/** Back to `open` after a claim ends without food: everyone asked so far hears it again. */
function reopen(
  state: FridgeRestockState,
  request: RestockRequest,
  change: 'released' | 'reopened',
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const formerClaimer = request.claim?.volunteerId ?? null;
  const reopened: RestockRequest = {
    ...request,
    status: 'open',
    claim: null,
    nextNoticeAtMs: nowMs + context.config.escalateAfterMs,
  };
  return {
    state: { ...state, active: reopened },
    effects: [effect(change, reopened, circles(0, request.circle, formerClaimer))],
    refusal: null,
  };
}

function onRelease(
  state: FridgeRestockState,
  event: Extract<RestockEvent, { type: 'release' }>,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const request = state.active;
  if (!request || request.id !== event.requestId)
    return refused(state, { reason: 'request-closed', request: null });
  if (request.status !== 'claimed' || !request.claim) return refused(state, { reason: 'not-claimer' });
  if (event.volunteerId !== null && event.volunteerId !== request.claim.volunteerId)
    return refused(state, { reason: 'not-claimer' });
  return reopen(state, request, 'released', nowMs, context);
}

function onCancel(
  state: FridgeRestockState,
  requestId: string,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const request = state.active;
  if (!request || request.id !== requestId)
    return refused(state, { reason: 'request-closed', request: null });
  const cancelled = closeAs(request, 'cancelled', nowMs);
  return {
    state: { ...state, active: null, pausedUntilMs: nowMs + context.config.pauseAfterCancelMs },
    effects: [effect('cancelled', cancelled, claimerAudience(request))],
    refusal: null,
  };
}

function expire(state: FridgeRestockState, request: RestockRequest, nowMs: number): RestockStep {
  const expired = closeAs(request, 'expired', nowMs);
  return {
    // Still low: a fresh request may open after the usual wait, so the need is not forgotten.
    state: { ...state, active: null, lowSinceMs: state.lowSinceMs === null ? null : nowMs },
    effects: [effect('expired', expired, circles(LAST_CIRCLE, LAST_CIRCLE))],
    refusal: null,
  };
}

function onTick(
  state: FridgeRestockState,
  level: StockLevel | null,
  kg: number | null,
  nowMs: number,
  context: RestockContext,
): RestockStep {
  const request = state.active;
  if (!request) return maybeOpen(state, level, kg, null, nowMs, context);
  const { config } = context;
  if (request.status === 'open') {
    if (nowMs >= request.expiresAtMs) return expire(state, request, nowMs);
    if (request.nextNoticeAtMs === null || nowMs < request.nextNoticeAtMs) return unchanged(state);
    if (request.circle < LAST_CIRCLE) {
      const from = (request.circle + 1) as Circle;
      const circle = firstReachableCircle(from, context);
      const widened: RestockRequest = { ...request, circle, nextNoticeAtMs: nowMs + config.escalateAfterMs };
      return {
        state: { ...state, active: widened },
        effects: [effect('escalated', widened, circles(from, circle))],
        refusal: null,
      };
    }
    const repeated: RestockRequest = { ...request, nextNoticeAtMs: nowMs + config.remindEveryMs };
    return {
      state: { ...state, active: repeated },
      effects: [effect('still-open', repeated, circles(0, LAST_CIRCLE))],
      refusal: null,
    };
  }
  const claim = request.claim;
  if (!claim) return unchanged(state);
  if (claim.reopenAtMs !== null && nowMs >= claim.reopenAtMs) {
    if (nowMs >= request.expiresAtMs) return expire(state, request, nowMs);
    return reopen(state, request, 'reopened', nowMs, context);
  }
  if (claim.remindedAtMs === null && nowMs >= claim.etaMs) {
    const reminded: RestockRequest = {
      ...request,
      claim: { ...claim, remindedAtMs: nowMs, reopenAtMs: nowMs + config.claimGraceMs },
    };
    return {
      state: { ...state, active: reminded },
      effects: [effect('claim-reminder', reminded, { type: 'volunteer', volunteerId: claim.volunteerId })],
      refusal: null,
    };
  }
  return unchanged(state);
}
