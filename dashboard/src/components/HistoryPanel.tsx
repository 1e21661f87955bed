import { useMemo } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import type { DashboardApi } from '../api';
import type { StockPoint } from '../estimate-format';
import type { HistoryChartSpec } from '../history-chart';
import {
  HISTORY_TEXT,
  type HistoryRange,
  historyQuery,
  mergeSeries,
  rangeFromSearch,
  safeBand,
  searchWithRange,
  stockSummary,
  temperatureSummary,
} from '../history-format';
import { useNowContext } from '../hooks';
import { useNavigate } from '../navigation';
import { BucketChart, RangeSwitch, useHistory } from './HistoryChart';
import { StockChart } from './StockChart';

/** Visible words, kept together so the i18n work can move them into the language files. */
const TEXT = {
  heading: 'History',
  temperature: (range: string) => `Temperature, ${range}`,
  stock: (range: string) => `Stock, ${range}`,
};

/**
 * Temperature and stock over 24 h, 7 d or 30 d from the history API. The 24-hour stock chart keeps
 * every estimate (the stock-history endpoint); longer ranges chart the buckets' mean and min–max.
 * The range lives in the address (`?range=7d`): a shared link opens on it, Back and Forward move
 * between the ranges looked at.
 */
export function HistoryPanel({
  fridge,
  api,
  stockPoints,
  search,
}: {
  fridge: FridgeStatus;
  api: Pick<DashboardApi, 'history'>;
  stockPoints: StockPoint[] | null;
  /** The page address's query string. */
  search: string;
}) {
  const range = rangeFromSearch(search);
  const navigate = useNavigate();
  const setRange = (next: HistoryRange) => {
    if (next !== range) navigate(`${window.location.pathname}${searchWithRange(search, next)}`);
  };
  const nowMs = useNowContext();
  const rangeText = HISTORY_TEXT.ranges[range];
  const temperature = useHistory(api, fridge.id, historyQuery('temperature', range, nowMs));
  const stock = useHistory(api, fridge.id, range === '24h' ? null : historyQuery('stock', range, nowMs));

  const temperatureChart = useMemo(() => {
    const history = temperature.history;
    if (history === null) return null;
    const buckets = mergeSeries(history);
    const band = safeBand(history);
    const spec: HistoryChartSpec = { buckets, stepMs: history.stepMs, unit: '°C', band, floor: [0, 0] };
    return { spec, summary: temperatureSummary(buckets, band, history.stepMs, range) };
  }, [temperature.history, range]);

  const stockChart = useMemo(() => {
    const history = stock.history;
    if (history === null || range === '24h') return null;
    const buckets = mergeSeries(history);
    const floor: [number, number] = [0, fridge.stock.capacityKg];
    const spec: HistoryChartSpec = { buckets, stepMs: history.stepMs, unit: 'kg', band: null, floor };
    return { spec, summary: stockSummary(buckets, range) };
  }, [stock.history, range, fridge.stock.capacityKg]);

  return (
    <section class="panel" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">{TEXT.heading}</h2>
      <RangeSwitch range={range} onChange={setRange} />
      <h3>{TEXT.temperature(rangeText)}</h3>
      <BucketChart
        spec={temperatureChart?.spec ?? null}
        summary={temperatureChart?.summary ?? ''}
        testId="temperature-chart"
        error={temperature.error}
      />
      <h3>{TEXT.stock(rangeText)}</h3>
      {range === '24h' ? (
        <StockChart points={stockPoints} capacityKg={fridge.stock.capacityKg} />
      ) : (
        <BucketChart
          spec={stockChart?.spec ?? null}
          summary={stockChart?.summary ?? ''}
          testId="stock-history-chart"
          error={stock.error}
        />
      )}
    </section>
  );
}
