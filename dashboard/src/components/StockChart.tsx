import { useEffect, useRef, useState } from 'preact/hooks';
import type { StockPoint } from '../../../contract/estimates';
import { stockHistorySummary } from '../estimate-format';
import { msg } from '../locale';

type ChartModule = typeof import('../stock-chart');

let loading: Promise<ChartModule> | null = null;

/** uPlot is fetched only when a chart is shown, so the list page never downloads it. */
function loadChartModule(): Promise<ChartModule> {
  if (loading === null) {
    loading = import('../stock-chart').catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/**
 * The last 24 hours of stock as a line chart. The canvas is hidden from screen readers; the same
 * story is told in words beneath it, which is also what shows if the chart cannot load.
 */
export function StockChart({ points, capacityKg }: { points: StockPoint[] | null; capacityKg: number }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<ChartModule['drawStockChart']> | null>(null);
  const [failed, setFailed] = useState(false);
  const hasPoints = points !== null && points.length > 0;

  useEffect(() => {
    if (!hasPoints) return;
    let active = true;
    loadChartModule().then(
      (module) => {
        if (!active || container.current === null || points === null) return;
        if (chart.current === null)
          chart.current = module.drawStockChart(container.current, points, capacityKg);
        else chart.current.update(points);
      },
      () => {
        if (active) setFailed(true);
      },
    );
    return () => {
      active = false;
    };
  }, [points, capacityKg, hasPoints]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  if (points === null) return <p class="placeholder">{msg().history.stockLoading}</p>;
  return (
    <figure class="stock-chart">
      {hasPoints && !failed && (
        <div ref={container} class="chart" aria-hidden="true" data-testid="stock-chart" />
      )}
      <figcaption data-testid="stock-summary">{stockHistorySummary(points)}</figcaption>
    </figure>
  );
}
