import { useMemo } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import type { DashboardApi } from '../api';
import type { StockPoint } from '../estimate-format';
import { weightInUnit, weightUnitSymbol } from '../format';
import type { HistoryChartSpec } from '../history-chart';
import {
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
import { activePreferences, msg } from '../locale';
import { useNavigate } from '../navigation';
import { BucketChart, RangeSwitch, useHistory } from './HistoryChart';
import { StockChart } from './StockChart';

/** The chart in the reader's unit: °F readers get every figure and the band converted. */
const inReaderUnit = (celsius: number): number =>
  activePreferences().temperature === 'fahrenheit' ? (celsius * 9) / 5 + 32 : celsius;

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
  const text = msg().history;
  const rangeText = text.ranges[range];
  const unit = activePreferences().temperature === 'fahrenheit' ? '°F' : '°C';
  const weightUnit = weightUnitSymbol();
  const language = activePreferences().language;
  const temperature = useHistory(api, fridge.id, historyQuery('temperature', range, nowMs));
  const stock = useHistory(api, fridge.id, range === '24h' ? null : historyQuery('stock', range, nowMs));

  const temperatureChart = useMemo(() => {
    const history = temperature.history;
    if (history === null) return null;
    const buckets = mergeSeries(history);
    const band = safeBand(history);
    const shown = buckets.map((b) => ({
      startMs: b.startMs,
      min: inReaderUnit(b.min),
      mean: inReaderUnit(b.mean),
      max: inReaderUnit(b.max),
    }));
    const shownBand =
      band === null
        ? null
        : { lowC: band.lowC === null ? null : inReaderUnit(band.lowC), highC: inReaderUnit(band.highC) };
    const zero = inReaderUnit(0);
    const spec: HistoryChartSpec = {
      buckets: shown,
      stepMs: history.stepMs,
      unit,
      band: shownBand,
      floor: [zero, zero],
    };
    return { spec, summary: temperatureSummary(buckets, band, history.stepMs, range) };
  }, [temperature.history, range, unit, language]);

  const stockChart = useMemo(() => {
    const history = stock.history;
    if (history === null || range === '24h') return null;
    const buckets = mergeSeries(history);
    const shown = buckets.map((b) => ({
      startMs: b.startMs,
      min: weightInUnit(b.min),
      mean: weightInUnit(b.mean),
      max: weightInUnit(b.max),
    }));
    const floor: [number, number] = [0, weightInUnit(fridge.stock.capacityKg)];
    const spec: HistoryChartSpec = {
      buckets: shown,
      stepMs: history.stepMs,
      unit: weightUnit,
      band: null,
      floor,
    };
    return { spec, summary: stockSummary(buckets, range) };
  }, [stock.history, range, fridge.stock.capacityKg, weightUnit, language]);

  return (
    <section class="panel" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">{text.heading}</h2>
      <RangeSwitch range={range} onChange={setRange} />
      <h3>{text.temperatureHeading(rangeText)}</h3>
      <BucketChart
        spec={temperatureChart?.spec ?? null}
        summary={temperatureChart?.summary ?? ''}
        testId="temperature-chart"
        error={temperature.error}
      />
      <h3>{text.stockHeading(rangeText)}</h3>
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
