import { useRef, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { Ago, OnlineStatus } from '../components/Readings';
import { formatBattery } from '../format';
import { DeviceCredentials } from './DeviceCredentials';
import { ConfirmButton, FormError, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import { checkDeviceId } from './fridge-form';
import type { DeviceRegistration } from './organiser-api';
import type { OrganiserContext } from './organiser-context';

/** The sensors of a fridge: register one (its password shown once), or revoke one. */
export function DevicesPanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const [deviceId, setDeviceId] = useState('');
  /** The answer of the last registration: held only in this component, never stored. */
  const [registration, setRegistration] = useState<DeviceRegistration | null>(null);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(checkDeviceId(deviceId), async (id) => {
      const answer = await context.api.registerDevice(fridge.id, id);
      setRegistration(answer);
      setDeviceId('');
      context.reloadFridge(fridge.id);
    });
  };

  return (
    <section class="panel" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Sensors</h2>
      {fridge.devices.length === 0 ? (
        <p data-testid="no-devices">No sensors registered yet.</p>
      ) : (
        <ul class="items" data-testid="device-list">
          {fridge.devices.map((device) => (
            <li key={device.id} class="item" data-testid={`organise-device-${device.id}`}>
              <h3>
                <code>{device.id}</code>
              </h3>
              <p class="badges">
                <OnlineStatus online={device.online} />
              </p>
              <p class="muted">
                {device.lastSeen === null ? (
                  'Not connected yet'
                ) : (
                  <>
                    Last seen <Ago at={device.lastSeen} />
                  </>
                )}
                {device.battery !== null && <> · battery {formatBattery(device.battery)}</>}
                {device.firmware !== null && <> · firmware {device.firmware}</>}
              </p>
              <div>
                <ConfirmButton
                  label="Revoke…"
                  question={`Revoke ${device.id}?`}
                  detail="It is disconnected at once and can never connect again with its password. Register a new sensor to replace it."
                  confirmLabel={`Yes, revoke ${device.id}`}
                  onConfirm={async () => {
                    await context.api.revokeDevice(device.id);
                    if (registration?.deviceId === device.id) setRegistration(null);
                    context.reloadFridge(fridge.id);
                  }}
                  testId={`revoke-${device.id}`}
                />
              </div>
            </li>
          ))}
        </ul>
      )}

      {registration !== null ? (
        <DeviceCredentials registration={registration} onDone={() => setRegistration(null)} />
      ) : (
        <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="register-device-form">
          <h3>Register a sensor</h3>
          <FormError message={submit.serverError} />
          <TextField
            id="deviceId"
            label="Sensor id (optional)"
            hint={`E.g. “${fridge.id}-scale”. Leave it empty and the server makes one up.`}
            value={deviceId}
            onValue={setDeviceId}
            error={submit.errors.deviceId}
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            testId="device-id"
          />
          <div class="actions">
            <SubmitButton
              busy={submit.busy}
              label="Register sensor"
              busyLabel="Registering…"
              testId="register-device"
            />
          </div>
        </form>
      )}
    </section>
  );
}
