import type { DeviceStatus, FridgeStatus, ShelfStatus } from '../../../contract/api';
import type { RestockRequestView } from '../../../contract/restock';
import type { DashboardApi } from '../api';
import { amountOf } from '../components/amount';
import {
  ActivitySummary,
  ForecastLine,
  SessionList,
  ShelfDoubt,
  StockEstimate,
} from '../components/Estimates';
import { FridgeFacts } from '../components/FridgeFacts';
import { HistoryPanel } from '../components/HistoryPanel';
import { NeedsLine, ReportLines } from '../components/NeedsAndReports';
import { FollowFridge, ReportProblem } from '../components/NeighbourForms';
import { Ago, OnlineStatus, SimulatedBadge, Updated } from '../components/Readings';
import { RestockStatus } from '../components/RestockStatus';
import { LevelMeter, StockLevel } from '../components/StockLevel';
import { useFridgeEstimates } from '../estimate-hooks';
import {
  formatBattery,
  formatKg,
  formatPercent,
  fridgeUpdatedAt,
  isLowBattery,
  kindWords,
  signalWords,
} from '../format';
import { msg } from '../locale';
import { listHref, requestsHref, screenHref } from '../routes';

/**
 * Everything known about one fridge: the figures of the list, its active restock request, each
 * shelf and each sensor.
 */
export function DetailPage({
  fridge,
  restock,
  api,
  search = '',
}: {
  fridge: FridgeStatus;
  restock?: RestockRequestView;
  api: Pick<DashboardApi, 'stockHistory' | 'sessions' | 'history'>;
  /** The address's query string: the history range (`?range=7d`). */
  search?: string;
}) {
  // A new estimate or a new visit is worth fetching the chart and the sessions again.
  const estimates = useFridgeEstimates(
    api,
    fridge.id,
    `${fridge.stock.asOf ?? ''}|${fridge.activity.today.visits}`,
  );
  const t = msg();
  return (
    <main id="main" class="page page-detail" data-testid={`fridge-detail-${fridge.id}`}>
      <nav class="back" aria-label={t.detail.backLabel}>
        <a href={listHref()}>{t.detail.back}</a>
      </nav>
      <header class="detail-head">
        <h1 tabIndex={-1}>{fridge.name}</h1>
        <p class="card-kind">
          <span data-testid="kind">{kindWords(fridge.kind)}</span>
          {fridge.address !== null && <> · {fridge.address}</>}
        </p>
        <p class="badges">
          <OnlineStatus online={fridge.online} />
          {fridge.simulated && <SimulatedBadge />}
        </p>
      </header>

      <section class="panel" aria-labelledby="now-heading">
        <h2 id="now-heading" class="visually-hidden">
          {t.detail.now}
        </h2>
        <StockLevel stock={fridge.stock} levels={fridge.levels} meterLabel={msg().stockOf(fridge.name)} />
        <StockEstimate stock={fridge.stock} />
        <ForecastLine forecast={fridge.forecast} />
        {restock !== undefined && (
          <div class="restock-line">
            <RestockStatus request={restock} />
            <a href={requestsHref()}>{t.detail.allRequests}</a>
          </div>
        )}
        <ReportLines reports={fridge.reports} />
        <NeedsLine needs={fridge.needs} />
        <FridgeFacts fridge={fridge}>
          <div>
            <dt>{t.detail.stockMeasured}</dt>
            <dd>
              <Ago at={fridge.stock.asOf} />
            </dd>
          </div>
          <div>
            <dt>{t.detail.temperatureMeasured}</dt>
            <dd>
              <Ago at={fridge.temperature.asOf} />
            </dd>
          </div>
        </FridgeFacts>
        <p class="card-foot">
          <Updated at={fridgeUpdatedAt(fridge)} />
        </p>
      </section>

      <FollowFridge fridgeId={fridge.id} />
      <ReportProblem fridgeId={fridge.id} />

      <section class="panel" aria-labelledby="activity-heading" data-testid="activity">
        <h2 id="activity-heading">{t.detail.visits}</h2>
        <ActivitySummary activity={fridge.activity} />
        <h3>{t.detail.latestVisits}</h3>
        <SessionList sessions={estimates.sessions} />
        {estimates.error !== null && (
          <p class="banner banner-error" role="alert" data-testid="estimates-error">
            {t.detail.historyError(estimates.error)}
          </p>
        )}
      </section>

      <HistoryPanel fridge={fridge} api={api} stockPoints={estimates.history} search={search} />

      <section class="panel" aria-labelledby="shelves-heading">
        <h2 id="shelves-heading">{t.detail.shelves}</h2>
        {fridge.shelves.length === 0 ? (
          <p>{t.detail.noShelves}</p>
        ) : (
          <ul class="items">
            {fridge.shelves.map((shelf) => (
              <ShelfItem key={shelf.id} shelf={shelf} fridge={fridge} />
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="devices-heading">
        <h2 id="devices-heading">{t.detail.sensors}</h2>
        {fridge.devices.length === 0 ? (
          <p>{t.detail.noSensors}</p>
        ) : (
          <ul class="items">
            {fridge.devices.map((device) => (
              <DeviceItem key={device.id} device={device} />
            ))}
          </ul>
        )}
      </section>

      <p>
        <a href={screenHref(fridge.id)} data-testid="screen-link">
          {t.detail.screenLink}
        </a>{' '}
        {t.detail.screenLinkRest}
      </p>
    </main>
  );
}

function ShelfItem({ shelf, fridge }: { shelf: ShelfStatus; fridge: FridgeStatus }) {
  const words = msg().shelves;
  return (
    <li class="item" data-testid={`shelf-${shelf.id}`}>
      <h3>{words.title(shelf.id)}</h3>
      {shelf.percent !== null && (
        <LevelMeter percent={shelf.percent} levels={fridge.levels} label={words.meterLabel(shelf.id)} />
      )}
      <p>
        {shelf.kg === null ? (
          <span data-testid="shelf-kg">{formatKg(shelf.kg)}</span>
        ) : (
          <>
            {amountOf(<span data-testid="shelf-kg">{formatKg(shelf.kg)}</span>, formatKg(shelf.capacityKg))} ·{' '}
            <span data-testid="shelf-percent">{formatPercent(shelf.percent)}</span>
          </>
        )}
      </p>
      <ShelfDoubt shelf={shelf} />
      {shelf.asOf !== null && (
        <p class="muted">
          {words.measured} <Ago at={shelf.asOf} />
        </p>
      )}
    </li>
  );
}

function DeviceItem({ device }: { device: DeviceStatus }) {
  const words = msg().sensors;
  return (
    <li class="item" data-testid={`device-${device.id}`}>
      <h3>{device.id}</h3>
      <dl class="facts facts-compact">
        <div>
          <dt>{words.connection}</dt>
          <dd>
            <OnlineStatus online={device.online} />
          </dd>
        </div>
        <div>
          <dt>{words.battery}</dt>
          <dd data-testid="battery">
            {formatBattery(device.battery)}
            {isLowBattery(device.battery) && (
              <>
                {' '}
                <strong class="flag flag-warn">{words.lowBattery}</strong>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{words.signal}</dt>
          <dd data-testid="rssi">{signalWords(device.rssi)}</dd>
        </div>
        <div>
          <dt>{words.firmware}</dt>
          <dd data-testid="firmware">{device.firmware ?? msg().noReading}</dd>
        </div>
        <div>
          <dt>{words.lastSeen}</dt>
          <dd data-testid="last-seen">
            <Ago at={device.lastSeen} />
          </dd>
        </div>
      </dl>
      {device.clockSkew && (
        <p class="warning" data-testid="clock-skew">
          <strong>{words.clockSkew}</strong> {words.clockSkewText}
        </p>
      )}
    </li>
  );
}
