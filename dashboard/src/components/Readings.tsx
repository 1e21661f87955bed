import type { FridgeStatus } from '../../../contract/api';
import {
  doorWords,
  formatCelsius,
  formatDateTime,
  isTemperatureAlarm,
  onlineWords,
  relativeTime,
  updatedWords,
} from '../format';
import { useNowContext } from '../hooks';
import { msg } from '../locale';
import { temperatureStatusWords } from '../temperature-words';

/**
 * "4.2 °C", and under it what the alert rules say in plain words when something is wrong ("Too
 * warm for 40 min: take no meat, dairy or cooked food", "Sensor offline since 14:02: ..."):
 * words and a symbol, never colour alone.
 */
export function Temperature({ temperature }: { temperature: FridgeStatus['temperature'] }) {
  const nowMs = useNowContext();
  const alarm = isTemperatureAlarm(temperature.status);
  const words = temperatureStatusWords(temperature, nowMs);
  return (
    <span class="temperature">
      <span data-testid="temperature" data-status={temperature.status}>
        {formatCelsius(temperature.celsius)}
      </span>
      {words !== null && (
        <>
          {' '}
          <strong
            class={alarm ? `flag flag-warn flag-${temperature.status}` : 'temperature-note'}
            data-testid="temperature-status"
            data-status={temperature.status}
          >
            {words}
          </strong>
        </>
      )}
    </span>
  );
}

/** "Closed", or "Open for 3 min" with the moment it opened in a <time>. */
export function Door({ door }: { door: FridgeStatus['door'] }) {
  const nowMs = useNowContext();
  const state = door.open === null ? 'unknown' : door.open ? 'open' : 'closed';
  const words = doorWords(door, nowMs);
  return (
    <span class={`door door-${state}`} data-testid="door" data-door={state}>
      {door.open === true && door.since !== null ? (
        <time datetime={door.since} title={msg().openedAt(formatDateTime(door.since))}>
          {words}
        </time>
      ) : (
        words
      )}
    </span>
  );
}

/** Online or offline in words; the stylesheet adds a filled or hollow dot. */
export function OnlineStatus({ online }: { online: boolean }) {
  return (
    <span
      class={`badge ${online ? 'badge-online' : 'badge-offline'}`}
      data-testid="online"
      data-online={String(online)}
    >
      {onlineWords(online)}
    </span>
  );
}

export function SimulatedBadge() {
  return (
    <span class="badge badge-simulated" data-testid="simulated" title={msg().simulatedTitle}>
      {msg().simulated}
    </span>
  );
}

/** "updated 2 min ago", re-rendered as the page's clock ticks. */
export function Updated({ at, testId = 'updated' }: { at: string | null; testId?: string }) {
  const nowMs = useNowContext();
  if (at === null) {
    return (
      <span class="updated" data-testid={testId}>
        {updatedWords(null, nowMs)}
      </span>
    );
  }
  return (
    <time class="updated" datetime={at} title={formatDateTime(at)} data-testid={testId}>
      {updatedWords(at, nowMs)}
    </time>
  );
}

/** A bare relative time ("2 min ago") for tables of shelves and devices. */
export function Ago({ at }: { at: string | null }) {
  const nowMs = useNowContext();
  if (at === null) return <>{relativeTime(null, nowMs)}</>;
  return (
    <time datetime={at} title={formatDateTime(at)}>
      {relativeTime(at, nowMs)}
    </time>
  );
}
