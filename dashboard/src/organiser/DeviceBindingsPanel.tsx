import { useRef, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import type { DeviceDetails, SeenSources } from '../../../contract/devices';
import type { AdapterFields } from './adapter-form';
import { type BindingField, fieldsOfDevice, offeredSources, rebindBindings } from './device-bindings';
import { FormError, StatusMessage, SubmitButton } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import { LoadState, useLoad } from './loading';
import type { OrganiserContext } from './organiser-context';
import { SensorSourceFields } from './SensorSourceFields';

/**
 * Change which of an off-the-shelf device's sensors is this fridge's door, probe and each shelf,
 * keeping its password; offers what the broker has seen under the device's topic (issue 15).
 */
export function DeviceBindingsPanel({
  context,
  fridge,
}: {
  context: OrganiserContext;
  fridge: FridgeStatus;
}) {
  const ids = fridge.devices.map((d) => d.id);
  const [chosen, setChosen] = useState('');
  const deviceId = ids.includes(chosen) ? chosen : (ids[0] ?? '');
  const { loaded, reload } = useLoad(
    async () =>
      deviceId === ''
        ? null
        : Promise.all([context.api.deviceDetails(deviceId), context.api.seenSources(deviceId)]),
    deviceId,
  );
  if (ids.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="bindings-heading" data-testid="bindings-panel">
      <h2 id="bindings-heading">Which sensor is which</h2>
      <div class="field">
        <label for="bindings-device">Device</label>
        <select
          id="bindings-device"
          value={deviceId}
          onChange={(e) => setChosen(e.currentTarget.value)}
          data-testid="bindings-device"
        >
          {ids.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="button" onClick={reload} data-testid="bindings-refresh">
        Look again at what it sends
      </button>
      <LoadState loaded={loaded} what="the device" />
      {loaded.status === 'ok' && loaded.value !== null && (
        <BindingsForm
          key={`${deviceId}-${loaded.value[0].bindings.length}`}
          context={context}
          fridge={fridge}
          details={loaded.value[0]}
          seen={loaded.value[1]}
          onSaved={reload}
        />
      )}
    </section>
  );
}

interface FormProps {
  context: OrganiserContext;
  fridge: FridgeStatus;
  details: DeviceDetails;
  seen: SeenSources;
  onSaved: () => void;
}

function BindingsForm({ context, fridge, details, seen, onSaved }: FormProps) {
  const shelfIds = fridge.shelves.map((s) => s.id);
  const [fields, setFields] = useState<AdapterFields>(() => fieldsOfDevice(details, fridge.id, shelfIds));
  const [saved, setSaved] = useState<string | null>(null);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const set = (changes: Partial<AdapterFields>) => {
    setSaved(null);
    setFields((f) => ({ ...f, ...changes }));
  };

  if (details.kind === 'native')
    return (
      <p data-testid="bindings-native">
        <code>{details.deviceId}</code> speaks our own contract: its topics name this fridge, there is nothing
        to bind.
      </p>
    );

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(rebindBindings(fields, details, fridge.id), async (bindings) => {
      await context.api.rebindDevice(details.deviceId, bindings);
      setSaved('Saved. The device keeps its password.');
      context.reloadFridge(fridge.id);
      onSaved();
    });
  };

  /** Under each field, the seen sources that fit it, each a button that fills it in. */
  const offers = (field: BindingField, id: string, value: string, onValue: (v: string) => void) => {
    const fitting = offeredSources(seen, details.kind, field).filter((s) => s !== value);
    if (fitting.length === 0) return null;
    return (
      <p class="hint">
        Seen under <code>{details.topic}</code>:{' '}
        {fitting.map((source) => (
          <button
            key={source}
            type="button"
            class="button button-small"
            onClick={() => onValue(source)}
            data-testid={`${id}-offer-${source}`}
          >
            {source}
          </button>
        ))}
      </p>
    );
  };

  return (
    <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="bindings-form">
      <FormError message={submit.serverError} testId="bindings-error" />
      {seen.length === 0 && (
        <p class="muted" data-testid="bindings-nothing-seen">
          Nothing seen under <code>{details.topic}</code> yet: power the device on, then look again.
        </p>
      )}
      <SensorSourceFields
        idPrefix="bindings"
        fields={fields}
        set={set}
        shelfIds={shelfIds}
        sensorsError={submit.errors.sensors}
        below={offers}
      />
      <div class="actions">
        <SubmitButton busy={submit.busy} label="Save which sensor is which" testId="bindings-save" />
      </div>
      <StatusMessage message={saved} testId="bindings-saved" />
    </form>
  );
}
