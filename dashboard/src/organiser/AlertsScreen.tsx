import { useState } from 'preact/hooks';
import type { AlertView } from '../../../contract/alerts';
import { Ago } from '../components/Readings';
import { formatBattery, formatDateTime } from '../format';
import { LoadState, useLoad } from './loading';
import type { OrganiserContext } from './organiser-context';

const SEVERITY_WORDS = { warning: 'Warning', critical: 'Critical' } as const;

/** One open alert, with a form to acknowledge it: who takes care of it, and what was done. */
function OpenAlert({
  alert,
  context,
  onDone,
}: {
  alert: AlertView;
  context: OrganiserContext;
  onDone: () => void;
}) {
  const [by, setBy] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const acknowledged = alert.acknowledgement;
  return (
    <li class={`item alert alert-${alert.severity}`} data-testid={`alert-${alert.id}`} data-type={alert.type}>
      <p>
        <strong class={`flag flag-warn flag-${alert.severity}`}>{SEVERITY_WORDS[alert.severity]}</strong>{' '}
        {alert.summary}
      </p>
      <p class="muted">
        Since {formatDateTime(alert.startedAt)} ({alert.durationMinutes} min)
        {alert.peakCelsius !== null ? `, peak ${alert.peakCelsius.toFixed(1)} °C` : ''}
        {alert.clearedAt !== null ? '; clear again, resolving soon' : ''}
      </p>
      {acknowledged ? (
        <p data-testid="acknowledged">
          Acknowledged by {acknowledged.by} <Ago at={acknowledged.at} />
          {acknowledged.note ? `: ${acknowledged.note}` : ''}
        </p>
      ) : (
        <form
          class="form form-inline"
          onSubmit={(event) => {
            event.preventDefault();
            if (by.trim() === '') {
              setError('Say who takes care of it.');
              return;
            }
            context.api.acknowledgeAlert(alert.id, by.trim(), note.trim() === '' ? null : note.trim()).then(
              () => {
                context.flash(`Acknowledged: ${alert.summary}`);
                onDone();
              },
              (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
            );
          }}
        >
          <div class="field">
            <label for={`ack-by-${alert.id}`}>Who takes care of it</label>
            <input
              id={`ack-by-${alert.id}`}
              value={by}
              maxLength={80}
              onInput={(e) => setBy(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`ack-note-${alert.id}`}>Action taken (kept in the temperature log)</label>
            <input
              id={`ack-note-${alert.id}`}
              value={note}
              maxLength={500}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button">
            Acknowledge
          </button>
          {error !== null && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </li>
  );
}

/** Open alerts with an acknowledge form each, fleet health, and what resolved lately. */
export function AlertsScreen({ context }: { context: OrganiserContext }) {
  const open = useLoad(() => context.api.alerts('open'), 'open');
  const resolved = useLoad(() => context.api.alerts('resolved'), 'resolved');
  const fleet = useLoad(() => context.api.fleetHealth(), 'fleet');
  const reload = () => {
    open.reload();
    resolved.reload();
    fleet.reload();
  };
  return (
    <>
      <h1 tabIndex={-1}>Alerts</h1>
      <p class="summary">Food safety and device health: what needs someone now, and how the sensors are.</p>
      <button type="button" class="button" onClick={reload}>
        Refresh
      </button>
      <h2>Fleet health</h2>
      <LoadState loaded={fleet.loaded} what="fleet health" />
      {fleet.loaded.status === 'ok' && (
        <>
          <p data-testid="fleet-summary">
            {fleet.loaded.value.devices.online} of {fleet.loaded.value.devices.total} sensors online
            {fleet.loaded.value.devices.offline > 0 ? `, ${fleet.loaded.value.devices.offline} offline` : ''}
            {fleet.loaded.value.devices.lowBattery > 0
              ? `, ${fleet.loaded.value.devices.lowBattery} on low battery`
              : ''}
            .
          </p>
          <ul class="items items-list">
            {fleet.loaded.value.deviceList
              .filter((d) => !d.online || d.lowBattery)
              .map((d) => (
                <li key={d.id} class="item">
                  {d.id} ({d.fridgeId}): {d.online ? 'online' : 'offline'}, last seen <Ago at={d.lastSeen} />
                  {d.lowBattery ? `, battery ${formatBattery(d.battery)}` : ''}
                </li>
              ))}
          </ul>
        </>
      )}
      <h2>Open alerts</h2>
      <LoadState loaded={open.loaded} what="the open alerts" />
      {open.loaded.status === 'ok' && open.loaded.value.length === 0 && (
        <p class="placeholder" data-testid="no-alerts">
          Nothing needs anyone right now.
        </p>
      )}
      {open.loaded.status === 'ok' && open.loaded.value.length > 0 && (
        <ul class="items items-list" data-testid="alert-list">
          {open.loaded.value.map((alert) => (
            <OpenAlert key={alert.id} alert={alert} context={context} onDone={reload} />
          ))}
        </ul>
      )}
      <h2>Resolved lately</h2>
      <LoadState loaded={resolved.loaded} what="resolved alerts" />
      {resolved.loaded.status === 'ok' && (
        <ul class="items items-list">
          {resolved.loaded.value.slice(0, 20).map((alert) => (
            <li key={alert.id} class="item">
              {alert.summary}, {formatDateTime(alert.startedAt)}, {alert.durationMinutes} min
              {alert.acknowledgement?.note ? ` (${alert.acknowledgement.note})` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
