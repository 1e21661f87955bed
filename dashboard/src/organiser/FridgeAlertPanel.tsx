import { useEffect, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { errorText } from '../error-text';
import { LoadState, useLoad } from './loading';
import type { AlertSettings } from './organiser-api';
import type { OrganiserContext } from './organiser-context';

const PROFILE_WORDS: Record<AlertSettings['profile'], string> = {
  fridge: 'Fridge: warn above 5 °C (FDA Food Code), critical after 2 h (USDA)',
  freezer: 'Freezer: warn above -15 °C, critical above -12 °C for 2 h or above 4 °C',
  none: 'No temperature rules (a pantry)',
};
const PROBE_WORDS: Record<AlertSettings['probe'], string> = {
  air: 'In the air (ignores warm air for 30 min after each door session)',
  buffered: 'In a bottle of glycol (follows the food; recommended)',
};

/** Which temperature rules apply to one fridge, and where its probe sits (docs/alerts.md). */
export function FridgeAlertPanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const { loaded } = useLoad(() => context.api.alertSettings(fridge.id), fridge.id);
  const [form, setForm] = useState<AlertSettings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.status === 'ok') setForm(loaded.value);
  }, [loaded]);
  return (
    <section class="panel" aria-labelledby="alert-settings-heading">
      <h2 id="alert-settings-heading">Temperature alerts</h2>
      <LoadState loaded={loaded} what="the alert settings" />
      {form !== null && (
        <form
          class="form"
          onSubmit={(event) => {
            event.preventDefault();
            setMessage(null);
            context.api.saveAlertSettings(fridge.id, form).then(
              () => setMessage('Saved.'),
              (error: unknown) => setMessage(errorText(error)),
            );
          }}
        >
          <div class="field">
            <label for="alert-profile">Rules</label>
            <select
              id="alert-profile"
              value={form.profile}
              onChange={(e) =>
                setForm({ ...form, profile: e.currentTarget.value as AlertSettings['profile'] })
              }
            >
              {(Object.keys(PROFILE_WORDS) as AlertSettings['profile'][]).map((p) => (
                <option key={p} value={p}>
                  {PROFILE_WORDS[p]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="alert-probe">Temperature probe</label>
            <select
              id="alert-probe"
              value={form.probe}
              onChange={(e) => setForm({ ...form, probe: e.currentTarget.value as AlertSettings['probe'] })}
            >
              {(Object.keys(PROBE_WORDS) as AlertSettings['probe'][]).map((p) => (
                <option key={p} value={p}>
                  {PROBE_WORDS[p]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            Save alert settings
          </button>
          {message !== null && <p role="status">{message}</p>}
        </form>
      )}
    </section>
  );
}
