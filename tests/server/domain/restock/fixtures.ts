import type { StockLevel } from '../../../../contract/api';
import { DEFAULT_RESTOCK_CONFIG } from '../../../../server/domain/restock/config';
import { restockStep } from '../../../../server/domain/restock/rules';
import {
  DEFAULT_FRIDGE_SETTINGS,
  type FridgeRestockState,
  initialRestockState,
  type RestockContext,
  type RestockEffect,
  type RestockEvent,
  type RestockRequest,
} from '../../../../server/domain/restock/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Monday 1 June 2026, 12:00 UTC. */
export const T0 = Date.UTC(2026, 5, 1, 12, 0);

/** An open low-stock request for Elm St opened at T0, with `overrides`. */
export function restockRequest(overrides: Partial<RestockRequest> = {}): RestockRequest {
  return {
    id: 'r-1',
    fridgeId: 'elm-st',
    status: 'open',
    reason: 'low-stock',
    openedAtMs: T0,
    levelAtOpen: 'few',
    kgAtOpen: 8,
    lowestKg: 8,
    circle: 0,
    nextNoticeAtMs: null,
    expiresAtMs: T0 + 24 * HOUR,
    claim: null,
    firstClaimedAtMs: null,
    claimHistory: [],
    closedAtMs: null,
    fulfilment: null,
    ...overrides,
  };
}

export function context(overrides: Partial<RestockContext> = {}): RestockContext {
  let count = 0;
  return {
    fridgeId: 'elm-st',
    config: DEFAULT_RESTOCK_CONFIG,
    settings: DEFAULT_FRIDGE_SETTINGS,
    timeZone: 'UTC',
    newRequestId: () => `r-${++count}`,
    circleHasMembers: () => true,
    ...overrides,
  };
}

export const stock = (
  level: StockLevel | null,
  kg: number | null,
  forecastEmptyAtMs: number | null = null,
): RestockEvent => ({ type: 'stock', level, kg, forecastEmptyAtMs });

export const tick = (level: StockLevel | null = null, kg: number | null = null): RestockEvent => ({
  type: 'tick',
  level,
  kg,
});

/** Feeds events in order, each at its own time, and keeps every effect and refusal. */
export class Scenario {
  state: FridgeRestockState = initialRestockState();
  effects: Array<RestockEffect & { atMs: number }> = [];
  refusals: Array<NonNullable<ReturnType<typeof restockStep>['refusal']>> = [];

  constructor(readonly ctx: RestockContext = context()) {}

  at(atMs: number, event: RestockEvent): RestockEffect[] {
    const step = restockStep(this.state, event, atMs, this.ctx);
    this.state = step.state;
    if (step.refusal) this.refusals.push(step.refusal);
    for (const effect of step.effects) this.effects.push({ ...effect, atMs });
    return step.effects;
  }

  changes(): string[] {
    return this.effects.map((e) => e.change);
  }
}
