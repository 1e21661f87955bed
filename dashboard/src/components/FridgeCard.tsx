import type { FridgeStatus } from '../../../contract/api';
import type { RestockRequestView } from '../../../contract/restock';
import { distanceWords, openNowAt } from '../find-food';
import { fridgeUpdatedAt, kindWords } from '../format';
import { useNowContext } from '../hooks';
import { activePreferences, msg } from '../locale';
import { memoized } from '../memo';
import { usePreferences } from '../preferences';
import { fridgeHref } from '../routes';
import { ForecastLine, SensorAttention, StockEstimate } from './Estimates';
import { FridgeFacts } from './FridgeFacts';
import { NeedsLine, ReportLines } from './NeedsAndReports';
import { OpenNowBadge } from './OpenNowBadge';
import { OnlineStatus, SimulatedBadge, Updated } from './Readings';
import { RestockStatus } from './RestockStatus';
import { StockLevel } from './StockLevel';

/**
 * One fridge in the list, with its active restock request if any; the whole card links to its page.
 * Re-rendered only when its fridge, request or distance changes, the clock ticks or the reader's
 * language or units change (the list re-renders for much else: the connection, the health...).
 */
export const FridgeCard = memoized(function FridgeCard({
  fridge,
  restock,
  distanceKm = null,
}: {
  fridge: FridgeStatus;
  restock?: RestockRequestView;
  /** From the place the reader chose; null when none, or the fridge has no location. */
  distanceKm?: number | null;
}) {
  const headingId = `fridge-${fridge.id}-name`;
  // Subscribes to the preferences: the words and units below read the active ones.
  usePreferences();
  const miles = activePreferences().weight === 'lb';
  const open = openNowAt(fridge, useNowContext());
  return (
    <article
      class="card"
      aria-labelledby={headingId}
      data-testid={`fridge-card-${fridge.id}`}
      data-level={fridge.stock.level ?? 'unknown'}
    >
      <header class="card-head">
        <h2 class="card-title" id={headingId}>
          <a class="card-link" href={fridgeHref(fridge.id)}>
            {fridge.name}
          </a>
        </h2>
        <p class="card-kind">
          <span data-testid="kind">{kindWords(fridge.kind)}</span>
          {fridge.address !== null && <> · {fridge.address}</>}
        </p>
        {distanceKm !== null && (
          <p class="card-distance" data-testid="distance">
            {msg().find.distance(distanceWords(distanceKm, miles))}
          </p>
        )}
        <p class="badges">
          <OnlineStatus online={fridge.online} />
          {open !== null && <OpenNowBadge open={open} />}
          {fridge.simulated && <SimulatedBadge />}
        </p>
      </header>
      <StockLevel stock={fridge.stock} levels={fridge.levels} meterLabel={msg().stockOf(fridge.name)} />
      <StockEstimate stock={fridge.stock} />
      <ForecastLine forecast={fridge.forecast} />
      <SensorAttention stock={fridge.stock} />
      <RestockStatus request={restock} />
      <ReportLines reports={fridge.reports} />
      <NeedsLine needs={fridge.needs} />
      <FridgeFacts fridge={fridge} />
      <p class="card-foot">
        <Updated at={fridgeUpdatedAt(fridge)} />
      </p>
    </article>
  );
});
