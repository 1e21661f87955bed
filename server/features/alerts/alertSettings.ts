import {
  type AlertsConfig,
  defaultAlertSettings,
  type FridgeAlertSettings,
} from '../../domain/alerts/config';
import type { AlertContext } from '../../domain/alerts/types';
import type { FridgeDefinition } from '../../domain/fridgeStatus';
import type { AlertRepository } from '../../storage/alertRepository';

/**
 * Organisers' per-fridge alert settings, held in memory (asked on every reading) and written
 * through to `alert_settings` (a fridge nobody set answers its kind's defaults), and the context
 * the rules see for a fridge: its settings, its devices, the site's alert config.
 */
export class AlertSettings {
  private readonly byId = new Map<string, FridgeAlertSettings>();

  constructor(
    private readonly repository: AlertRepository,
    private readonly definition: (fridgeId: string) => FridgeDefinition | null,
    private readonly config: AlertsConfig,
    private readonly newAlertId: () => string,
  ) {}

  load(): void {
    for (const [id, settings] of this.repository.allSettings()) this.byId.set(id, settings);
  }

  of(fridgeId: string): FridgeAlertSettings {
    return this.byId.get(fridgeId) ?? defaultAlertSettings(this.definition(fridgeId)?.kind ?? 'fridge');
  }

  save(fridgeId: string, settings: FridgeAlertSettings): void {
    this.repository.saveSettings(fridgeId, settings);
    this.byId.set(fridgeId, settings);
  }

  /** What the rules see besides state, event and time; null for a fridge not (or no longer) in the catalogue. */
  rulesContext(fridgeId: string): AlertContext | null {
    const fridge = this.definition(fridgeId);
    if (!fridge) return null;
    return {
      fridgeId,
      config: this.config,
      settings: this.of(fridgeId),
      deviceIds: fridge.deviceIds,
      newAlertId: this.newAlertId,
    };
  }

  /** A removed fridge (its row goes with `AlertRepository.forgetFridge`). */
  forget(fridgeId: string): void {
    this.byId.delete(fridgeId);
  }

  clear(): void {
    this.byId.clear();
  }
}
