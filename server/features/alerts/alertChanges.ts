import type { FridgeStatus } from '../../../contract/api';
import { alertAudience, widenedAudience } from '../../domain/alerts/audience';
import type {
  Alert,
  AlertContext,
  AlertEffect,
  AlertStep,
  FridgeAlertState,
} from '../../domain/alerts/types';
import type { BusEvents } from '../../eventBus';
import type { FeatureContext } from '../../featureModule';
import type { RestockRepository } from '../../storage/restockRepository';
import type { NoticeDraft, NotificationService } from '../notifications/notificationService';
import { alertNotice } from './alertNotices';

/** The alerts a step changed: those its effects name, and any other it replaced. */
export function changedAlerts(before: FridgeAlertState, step: AlertStep): Map<string, Alert> {
  const changed = new Map<string, Alert>();
  for (const effect of step.effects) changed.set(effect.alert.id, effect.alert);
  for (const alert of Object.values(step.state.alerts)) {
    if (alert && before.alerts[alert.type] !== alert && !changed.has(alert.id)) changed.set(alert.id, alert);
  }
  return changed;
}

export interface AlertNoticeSources {
  context: FeatureContext;
  notifications: NotificationService;
  /** The restock settings name each fridge's area: the second circle of alerts too. */
  restockSettings: RestockRepository;
}

/**
 * The estimator's shelf faults in a new status, when they differ from those the rules know; null
 * when they do not (nearly every status: no doubtful shelf before or after, no serialising then).
 */
export function changedShelfFaults(
  status: FridgeStatus,
  known: FridgeAlertState['shelfFaults'],
): FridgeAlertState['shelfFaults'] | null {
  const faults = status.shelves
    .filter((shelf) => shelf.doubtful)
    .map((shelf) => ({ shelfId: shelf.id, reason: shelf.doubtReason ?? 'doubtful' }));
  if (faults.length === 0 && known.length === 0) return null;
  return JSON.stringify(faults) === JSON.stringify(known) ? null : faults;
}

/** What `alertChanged` says of each effect (the live feed's event). */
export const alertChangedEvents = (
  fridgeId: string,
  effects: readonly AlertEffect[],
): BusEvents['alertChanged'][] =>
  effects.map(({ alert, change }) => ({
    fridgeId,
    alertId: alert.id,
    type: alert.type,
    change,
    severity: alert.severity,
    status: alert.status,
  }));

/** The notices a step's effects send, each to its audience; stored with the change (`AlertsFeature.apply`). */
export function noticesOf(
  effects: readonly AlertEffect[],
  rules: AlertContext,
  { context, notifications, restockSettings }: AlertNoticeSources,
): NoticeDraft[] {
  const definition = context.catalog.definition(rules.fridgeId);
  const nowMs = context.clock.nowMs();
  return effects.flatMap((effect) => {
    const audience = audienceOf(effect, notifications, restockSettings);
    // A circle that adds nobody (all its listeners were told already) is skipped, as restock's are.
    if (effect.change === 'widened' && audience.length === 0) return [];
    const notice = alertNotice(effect, audience, {
      fridgeName: definition?.name ?? rules.fridgeId,
      address: definition?.address ?? null,
      profile: rules.settings.profile,
      links: notifications.links,
      timeZone: notifications.timeZone,
      ackLinkTtlMs: context.config.alerts.ackLinkTtlMs,
      escalateAfterMs: context.config.alerts.escalateAfterMs,
      nowMs,
    });
    return notice ? [notice] : [];
  });
}

/**
 * Who hears of a change: everyone the alert has reached so far, or, when it widens, only the
 * circle it widens to (`domain/alerts/audience.ts`).
 */
function audienceOf(
  { alert, change }: AlertEffect,
  notifications: NotificationService,
  restockSettings: RestockRepository,
): string[] {
  const of = change === 'widened' ? widenedAudience : alertAudience;
  return of(
    alert.fridgeId,
    alert.category,
    alert.circle,
    notifications.volunteers.list(),
    (id) => restockSettings.settings(id).area,
  );
}
