import { useRef, useState } from 'preact/hooks';
import { ADAPTER_KINDS, type AdapterKind } from '../../../contract/adapterTopics';
import type { FridgeStatus } from '../../../contract/api';
import type { DeviceCreated } from '../../../contract/devices';
import { type AdapterFields, adapterBody, defaultFields, KIND_LABELS } from './adapter-form';
import { CopyableText } from './DeviceCredentials';
import { FormError, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import type { OrganiserContext } from './organiser-context';
import { SensorSourceFields } from './SensorSourceFields';

/**
 * Register a sensor people can buy (Zigbee2MQTT, ESPHome, Tasmota, Shelly) for this fridge: which
 * of its sensors is the door, the probe and each shelf; then its ready configuration, shown once.
 */
export function OffTheShelfPanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const shelfIds = fridge.shelves.map((s) => s.id);
  const [fields, setFields] = useState<AdapterFields>(() => defaultFields('esphome', fridge.id, shelfIds));
  /** Held only in this component, never stored: the password is in it. */
  const [created, setCreated] = useState<DeviceCreated | null>(null);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const set = (changes: Partial<AdapterFields>) => setFields((f) => ({ ...f, ...changes }));

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(adapterBody(fields, fridge.id), async (body) => {
      setCreated(await context.api.createDevice(body));
      context.reloadFridge(fridge.id);
    });
  };

  if (created !== null) {
    return (
      <section
        class="panel credentials"
        aria-labelledby="adapter-config-heading"
        data-testid="adapter-config"
      >
        <h2 id="adapter-config-heading">
          <code>{created.deviceId}</code> registered
        </h2>
        <p class="warning">
          <strong>Copy this now: the password in it will not be shown again.</strong> Paste it into{' '}
          {created.config.target}.
        </p>
        <p>
          Password: <CopyableText text={created.password} label="password" testId="adapter-password" />
        </p>
        <CopyableText text={created.config.text} label="configuration" testId="adapter-config-text" block />
        <div class="actions">
          <button
            type="button"
            class="button"
            onClick={() => setCreated(null)}
            data-testid="adapter-config-done"
          >
            I have copied it
          </button>
        </div>
      </section>
    );
  }

  return (
    <section class="panel" aria-labelledby="adapter-heading">
      <h2 id="adapter-heading">Add a sensor you bought</h2>
      <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="adapter-form">
        <FormError message={submit.serverError} testId="adapter-error" />
        <div class="field">
          <label for="adapter-kind">Kind</label>
          <select
            id="adapter-kind"
            value={fields.kind}
            data-testid="adapter-kind"
            onChange={(e) =>
              setFields(defaultFields(e.currentTarget.value as AdapterKind, fridge.id, shelfIds))
            }
          >
            {ADAPTER_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="adapter-device-id"
          label="Device id"
          value={fields.deviceId}
          onValue={(deviceId) => set({ deviceId })}
          error={submit.errors.deviceId}
          testId="adapter-device-id"
          autoCapitalize="none"
          spellcheck={false}
        />
        <TextField
          id="adapter-topic"
          label="Its topic"
          hint="Zigbee2MQTT base topic, ESPHome topic_prefix, Tasmota Topic, or the Shelly MQTT prefix."
          value={fields.topic}
          onValue={(topic) => set({ topic })}
          error={submit.errors.topic}
          testId="adapter-topic"
          autoCapitalize="none"
          spellcheck={false}
        />
        <SensorSourceFields
          idPrefix="adapter"
          fields={fields}
          set={set}
          shelfIds={shelfIds}
          sensorsError={submit.errors.sensors}
        />
        <div class="actions">
          <SubmitButton
            busy={submit.busy}
            label="Register and show its configuration"
            busyLabel="Registering…"
            testId="adapter-register"
          />
        </div>
      </form>
    </section>
  );
}
