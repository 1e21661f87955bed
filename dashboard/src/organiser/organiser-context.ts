import type { RestockRequestView } from '../../../contract/restock';
import type { LiveDashboard } from '../hooks';
import type { OrganiserApi } from './organiser-api';

/** What every organiser screen gets: the API with the token, the live site, and a flash message. */
export interface OrganiserContext {
  api: OrganiserApi;
  live: LiveDashboard;
  restockByFridge: Readonly<Record<string, RestockRequestView>>;
  /** Shows a message on the next screen, e.g. "Added Elm St fridge." after saving a form. */
  flash: (message: string) => void;
  /**
   * Reads one fridge again after a change that the live stream will also report (a device
   * registered or revoked), so the screen does not wait for it.
   */
  reloadFridge: (fridgeId: string) => void;
}
