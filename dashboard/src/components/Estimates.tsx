import type { FridgeStatus, ShelfStatus } from '../../../contract/api';
import type { DoorSession } from '../../../contract/estimates';
import {
  activityWords,
  clockTime,
  forecastWords,
  latestSessions,
  mealsWords,
  sensorAttentionWords,
  sessionChangeWords,
  sessionMovesWords,
  shelfDoubtWords,
  uncertaintyWords,
} from '../estimate-format';
import { formatDateTime } from '../format';
import { useNowContext } from '../hooks';
import { msg } from '../locale';

/** "about 12 meals · ± 0.3 kg"; nothing before the estimator has a figure. */
export function StockEstimate({ stock }: { stock: Pick<FridgeStatus['stock'], 'meals' | 'uncertaintyKg'> }) {
  const meals = mealsWords(stock.meals);
  const band = uncertaintyWords(stock.uncertaintyKg);
  if (meals === null && band === null) return null;
  return (
    <p class="stock-estimate">
      {meals !== null && <span data-testid="meals">{meals}</span>}
      {meals !== null && band !== null && ' · '}
      {band !== null && (
        <span data-testid="uncertainty" title={msg().uncertaintyTitle}>
          {band}
        </span>
      )}
    </p>
  );
}

/** "Likely empty around 18:30" when the server's forecast is confident enough; otherwise nothing. */
export function ForecastLine({ forecast }: { forecast: FridgeStatus['forecast'] }) {
  const nowMs = useNowContext();
  const words = forecastWords(forecast, nowMs);
  if (words === null || forecast === null) return null;
  return (
    <p class="forecast" data-testid="forecast">
      <time datetime={forecast.emptyAt}>{words}</time>
    </p>
  );
}

/** The card's short flag when some shelf sensor misbehaves; the detail page says which. */
export function SensorAttention({ stock }: { stock: Pick<FridgeStatus['stock'], 'doubtful'> }) {
  if (!stock.doubtful) return null;
  return (
    <p class="warning warning-compact" data-testid="sensor-attention">
      {sensorAttentionWords()}
    </p>
  );
}

/** "Shelf top sensor: stuck — showing last good estimate". */
export function ShelfDoubt({ shelf }: { shelf: ShelfStatus }) {
  const words = shelfDoubtWords(shelf);
  if (words === null) return null;
  return (
    <p class="warning" data-testid="shelf-doubt" data-reason={shelf.doubtReason ?? 'unknown'}>
      {words}
    </p>
  );
}

/** Visits and kg today and this week. */
export function ActivitySummary({ activity }: { activity: FridgeStatus['activity'] }) {
  return (
    <ul class="activity">
      <li data-testid="activity-today">{activityWords(activity.today, 'today')}</li>
      <li data-testid="activity-week">{activityWords(activity.week, 'this week')}</li>
    </ul>
  );
}

export const SESSIONS_SHOWN = 5;

/** The last few door sessions, newest first: when the door closed and what changed. */
export function SessionList({ sessions }: { sessions: readonly DoorSession[] | null }) {
  const words = msg().visits;
  if (sessions === null) return <p class="placeholder">{words.loading}</p>;
  const latest = latestSessions(sessions, SESSIONS_SHOWN);
  if (latest.length === 0) return <p data-testid="no-sessions">{words.none}</p>;
  return (
    <ol class="sessions" data-testid="sessions">
      {latest.map((session) => (
        <li key={session.openedAt} data-testid="session">
          <time datetime={session.closedAt} title={formatDateTime(session.closedAt)}>
            {clockTime(Date.parse(session.closedAt))}
          </time>{' '}
          — <span data-testid="session-change">{sessionChangeWords(session)}</span>
          {sessionMovesWords(session) !== null && (
            <span class="muted" data-testid="session-moves">
              {' '}
              ({sessionMovesWords(session)})
            </span>
          )}
          {session.settle !== 'clean' && <span class="muted"> {words.roughEstimate}</span>}
        </li>
      ))}
    </ol>
  );
}
