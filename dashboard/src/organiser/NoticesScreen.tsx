import type { NoticeView } from '../../../contract/restock';
import { Ago } from '../components/Readings';
import { sortedFridges } from '../dashboard-state';
import { formatDateTime } from '../format';
import { useNowContext } from '../hooks';
import { useNavigate } from '../navigation';
import { organiseHref } from '../routes';
import { LoadState, useLoad } from './loading';
import {
  channelLabel,
  type Delivery,
  deliveryStatusWords,
  deliverySummary,
  noticeKindWords,
  noticeOutcome,
} from './notice-format';
import type { OrganiserContext } from './organiser-context';

const NOTICE_LIMIT = 100;

/** Every notice sent, newest first, with how its deliveries went; filtered by fridge on request. */
export function NoticesScreen({
  context,
  fridgeFilter,
}: {
  context: OrganiserContext;
  fridgeFilter: string | null;
}) {
  const navigate = useNavigate();
  const { loaded, reload } = useLoad(
    () =>
      context.api.notices({
        ...(fridgeFilter !== null ? { fridge: fridgeFilter } : {}),
        limit: NOTICE_LIMIT,
      }),
    fridgeFilter ?? '',
  );
  const { fridges } = context.live.state;
  const nameOf = (id: string | null) => (id === null ? null : (fridges[id]?.name ?? id));
  return (
    <>
      <h1 tabIndex={-1}>Delivery log</h1>
      <p class="summary">Every notice sent to volunteers and organisers, and whether it reached them.</p>
      <form class="form form-inline" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for="notice-fridge">Fridge</label>
          <select
            id="notice-fridge"
            value={fridgeFilter ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              navigate(
                `${organiseHref({ name: 'notices' })}${value === '' ? '' : `?fridge=${encodeURIComponent(value)}`}`,
              );
            }}
          >
            <option value="">All notices</option>
            {sortedFridges(fridges).map((fridge) => (
              <option key={fridge.id} value={fridge.id}>
                {fridge.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="button" onClick={reload}>
          Refresh
        </button>
      </form>
      <LoadState loaded={loaded} what="the delivery log" />
      {loaded.status === 'ok' && loaded.value.length === 0 && (
        <p class="placeholder" data-testid="no-notices">
          No notices {fridgeFilter === null ? 'yet' : 'about this fridge'}.
        </p>
      )}
      {loaded.status === 'ok' && loaded.value.length > 0 && (
        <ul class="items items-list" data-testid="notice-list">
          {loaded.value.map((notice) => (
            <li
              key={notice.id}
              class="item"
              data-testid={`notice-${notice.id}`}
              data-outcome={noticeOutcome(notice)}
            >
              <h2 class="item-title">
                <a href={organiseHref({ name: 'notice', noticeId: notice.id })}>{notice.title}</a>
              </h2>
              <p class="muted">
                {noticeKindWords(notice.kind)}
                {notice.critical && ' · critical'}
                {notice.fridgeId !== null && <> · {nameOf(notice.fridgeId)}</>} ·{' '}
                <Ago at={notice.createdAt} />
              </p>
              <p>
                <OutcomeWords notice={notice} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function OutcomeWords({ notice }: { notice: NoticeView }) {
  const outcome = noticeOutcome(notice);
  return (
    <span class={`outcome outcome-${outcome}`} data-testid="notice-outcome">
      {outcome === 'failed' && <strong class="flag flag-warn">Failed</strong>}{' '}
      {deliverySummary(notice.deliveries)}
    </span>
  );
}

/** One notice: each delivery, its attempts and errors (webhook addresses arrive masked). */
export function NoticeScreen({ context, noticeId }: { context: OrganiserContext; noticeId: string }) {
  const { loaded, reload } = useLoad(() => context.api.notice(noticeId), noticeId);
  const { fridges } = context.live.state;
  return (
    <>
      <nav class="back" aria-label="Back">
        <a href={organiseHref({ name: 'notices' })}>← Delivery log</a>
      </nav>
      <h1 tabIndex={-1}>{loaded.status === 'ok' ? loaded.value.title : 'Notice'}</h1>
      <LoadState loaded={loaded} what="the notice" />
      {loaded.status === 'ok' && (
        <>
          <dl class="facts">
            <div>
              <dt>Kind</dt>
              <dd>
                {noticeKindWords(loaded.value.kind)}
                {loaded.value.critical && ' (critical: sent even in quiet hours)'}
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDateTime(loaded.value.createdAt)}</dd>
            </div>
            {loaded.value.fridgeId !== null && (
              <div>
                <dt>Fridge</dt>
                <dd>{fridges[loaded.value.fridgeId]?.name ?? loaded.value.fridgeId}</dd>
              </div>
            )}
            <div>
              <dt>Deliveries</dt>
              <dd>
                <OutcomeWords notice={loaded.value} />
              </dd>
            </div>
          </dl>
          <p>
            <button type="button" class="button" onClick={reload}>
              Refresh
            </button>
          </p>
          {loaded.value.deliveries.length === 0 ? (
            <p>Nobody was to be told (no one chose this kind of notice, or nobody covers the fridge).</p>
          ) : (
            <ul class="items items-list" data-testid="delivery-list">
              {loaded.value.deliveries.map((delivery) => (
                <DeliveryItem key={delivery.id} delivery={delivery} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function DeliveryItem({ delivery }: { delivery: Delivery }) {
  const nowMs = useNowContext();
  return (
    <li class="item" data-testid={`delivery-${delivery.id}`} data-status={delivery.status}>
      <h2 class="item-title">
        {delivery.volunteerName ?? delivery.volunteerId ?? 'MQTT subscribers'} ·{' '}
        {channelLabel(delivery.channel)}
      </h2>
      <p class="muted">
        <code>{delivery.address}</code>
      </p>
      <dl class="facts facts-compact">
        <div>
          <dt>State</dt>
          <dd>
            {delivery.status === 'failed' ? (
              <strong class="flag flag-warn">{deliveryStatusWords(delivery, nowMs)}</strong>
            ) : (
              deliveryStatusWords(delivery, nowMs)
            )}
          </dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{delivery.attempts}</dd>
        </div>
        {delivery.sentAt !== null && (
          <div>
            <dt>Sent</dt>
            <dd>{formatDateTime(delivery.sentAt)}</dd>
          </div>
        )}
        {delivery.nextAttemptAt !== null && (
          <div>
            <dt>Next try</dt>
            <dd>{formatDateTime(delivery.nextAttemptAt)}</dd>
          </div>
        )}
        {delivery.heldUntil !== null && delivery.status === 'pending' && (
          <div>
            <dt>Held until</dt>
            <dd>{formatDateTime(delivery.heldUntil)}</dd>
          </div>
        )}
      </dl>
      {delivery.lastError !== null && (
        <p class="warning">
          <strong>Last error:</strong> {delivery.lastError}
        </p>
      )}
      {delivery.log.length > 0 && (
        <details>
          <summary>Attempts ({delivery.log.length})</summary>
          <ol class="attempts">
            {delivery.log.map((attempt) => (
              <li key={`${attempt.at}|${attempt.ok}|${attempt.detail}`}>
                <time datetime={attempt.at}>{formatDateTime(attempt.at)}</time>:{' '}
                {attempt.ok ? 'delivered' : 'failed'}
                {attempt.detail !== null && <> — {attempt.detail}</>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
