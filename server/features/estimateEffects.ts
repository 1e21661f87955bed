import type { EstimatorEffect } from '../domain/estimation';
import type { FridgeDefinition } from '../domain/fridgeStatus';
import type { EventBus } from '../eventBus';
import type { FridgeRepository } from '../storage/fridgeRepository';
import type { SessionStore } from '../storage/sessionStore';
import type { RecentSessions } from './estimateView';
import type { FridgeCatalog } from './fridgeCatalog';
import type { StockChart } from './stockChart';

/** Where the estimator's effects go: the session log, the chart, the fridge's shelves, the bus. */
export interface EffectSinks {
  sessions: SessionStore;
  recentSessions: RecentSessions;
  chart: StockChart;
  fridges: FridgeRepository;
  catalog: FridgeCatalog;
  bus: EventBus;
}

/**
 * Carries out one step's effects for `fridge`: stores and (live) announces door sessions, charts
 * the estimate, persists a calibrated shelf. Returns whether the fridge's status changed.
 */
export function carryOutEffects(
  sinks: EffectSinks,
  fridge: FridgeDefinition,
  effects: readonly EstimatorEffect[],
  nowMs: number,
  announce: boolean,
): boolean {
  let changed = false;
  for (const effect of effects) {
    switch (effect.type) {
      case 'doorSession': {
        const { type: _type, ...session } = effect;
        sinks.sessions.append(session);
        sinks.recentSessions.remember(session);
        if (announce) {
          sinks.bus.emit('doorSession', {
            fridgeId: session.fridgeId,
            openedAtMs: session.openedAt,
            closedAtMs: session.closedAt,
            shelves: session.shelves,
            takenKg: session.takenKg,
            addedKg: session.addedKg,
          });
        }
        changed = true;
        break;
      }
      case 'stockEstimated':
        sinks.chart.chart(fridge.id, effect.estimate, nowMs);
        changed = true;
        break;
      case 'shelfDoubtChanged':
        changed = true;
        break;
      case 'shelfCalibrated': {
        const shelves = fridge.shelves.map((s) => (s.id === effect.shelf.id ? effect.shelf : s));
        sinks.fridges.update(fridge.id, { shelves });
        sinks.catalog.reload(fridge.id);
        changed = true;
        break;
      }
    }
  }
  return changed;
}
