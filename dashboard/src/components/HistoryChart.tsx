import { useEffect, useRef, useState } from 'preact/hooks';
import type { History } from '../../../contract/history';
import type { DashboardApi } from '../api';
import { errorText } from '../error-text';
import type { HistoryChartSpec } from '../history-chart';
import { HISTORY_RANGES, type HistoryQuery, type HistoryRange } from '../history-format';
import { msg } from '../locale';

type ChartModule = typeof import('../history-chart');
let loading: Promise<ChartModule> | null = null;

/** uPlot is fetched only when a chart is shown, so the list page never downloads it. */
function loadChartModule(): Promise<ChartModule> {
  if (loading === null) {
    loading = import('../history-chart').catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/** The 24 h / 7 d / 30 d switch: toggle buttons, so the pressed one is announced as such. */
export function RangeSwitch({
  range,
  onChange,
}: {
  range: HistoryRange;
  onChange: (r: HistoryRange) => void;
}) {
  return (
    <fieldset class="range-switch" data-testid="range-switch">
      <legend class="visually-hidden">{msg().history.switchLabel}</legend>
      {HISTORY_RANGES.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={r === range}
          onClick={() => onChange(r)}
          data-testid={`range-${r}`}
        >
          {msg().history.rangeButtons[r]}
        </button>
      ))}
    </fieldset>
  );
}

/**
 * One history query's answer, refetched when the query changes (the range, or `to` moving on with
 * the clock). An answer for another range is not shown while the new one loads.
 */
export function useHistory(
  api: Pick<DashboardApi, 'history'>,
  fridgeId: string,
  query: HistoryQuery | null,
): { history: History | null; error: string | null } {
  const [state, setState] = useState<{ history: History | null; error: string | null; shape: string }>({
    history: null,
    error: null,
    shape: '',
  });
  const metric = query?.metric ?? null;
  const from = query?.from ?? '';
  const to = query?.to ?? '';
  const step = query?.step ?? '';
  const shape = `${fridgeId}|${metric}|${step}`;
  useEffect(() => {
    if (metric === null) return;
    let active = true;
    api.history(fridgeId, { metric, from, to, step }).then(
      (history) => {
        if (active) setState({ history, error: null, shape });
      },
      (error: unknown) => {
        if (active) setState((last) => ({ ...last, error: errorText(error), shape }));
      },
    );
    return () => {
      active = false;
    };
  }, [api, fridgeId, metric, from, to, step, shape]);
  if (state.shape !== shape) return { history: null, error: null };
  return { history: state.history, error: state.error };
}

/**
 * A bucket chart with its summary in words beneath. The canvas is hidden from screen readers; the
 * caption tells the same story (min, max, excursions), and is what shows if uPlot cannot load.
 */
export function BucketChart({
  spec,
  summary,
  testId,
  error,
}: {
  spec: HistoryChartSpec | null;
  summary: string;
  testId: string;
  error: string | null;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<ChartModule['drawHistoryChart']> | null>(null);
  const [failed, setFailed] = useState(false);
  const hasBuckets = spec !== null && spec.buckets.length > 0;

  useEffect(() => {
    if (!hasBuckets || spec === null) return;
    let active = true;
    loadChartModule().then(
      (module) => {
        if (!active || container.current === null) return;
        if (chart.current === null) chart.current = module.drawHistoryChart(container.current, spec);
        else chart.current.update(spec);
      },
      () => {
        if (active) setFailed(true);
      },
    );
    return () => {
      active = false;
    };
  }, [spec, hasBuckets]);

  useEffect(() => {
    if (hasBuckets) return;
    chart.current?.destroy();
    chart.current = null;
  }, [hasBuckets]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  if (error !== null)
    return (
      <p class="banner banner-error" role="alert" data-testid={`${testId}-error`}>
        {msg().history.failed(error)}
      </p>
    );
  if (spec === null) return <p class="placeholder">{msg().history.loading}</p>;
  return (
    <figure class="stock-chart">
      {hasBuckets && !failed && <div ref={container} class="chart" aria-hidden="true" data-testid={testId} />}
      <figcaption data-testid={`${testId}-summary`}>{summary}</figcaption>
    </figure>
  );
}
