import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StockPoint } from '../../contract/estimates';
import { chartColumns } from './estimate-format';

/**
 * The 24-hour stock chart, drawn with uPlot on a canvas. This module (and uPlot with its CSS) is a
 * separate chunk loaded only by the detail page, so the list page's bundle does not carry it.
 */
export interface StockChartHandle {
  update(points: readonly StockPoint[]): void;
  destroy(): void;
}

const CHART_HEIGHT_PX = 200;

export function drawStockChart(
  container: HTMLElement,
  points: readonly StockPoint[],
  capacityKg: number,
): StockChartHandle {
  const styles = getComputedStyle(container);
  const lineColour = styles.getPropertyValue('--accent').trim() || '#12463a';
  const textColour = styles.getPropertyValue('--muted').trim() || '#464d49';
  const axis = { stroke: textColour, grid: { stroke: 'rgba(128,128,128,0.25)' } };
  const chart = new uPlot(
    {
      width: Math.max(200, container.clientWidth),
      height: CHART_HEIGHT_PX,
      legend: { show: false },
      cursor: { show: false },
      scales: { y: { range: [0, Math.max(capacityKg, ...chartColumns(points)[1])] } },
      axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((kg) => `${kg} kg`), size: 60 }],
      series: [{}, { label: 'Stock (kg)', stroke: lineColour, width: 2, fill: 'rgba(31,138,85,0.15)' }],
    },
    chartColumns(points),
    container,
  );
  const resize = new ResizeObserver(() => {
    chart.setSize({ width: Math.max(200, container.clientWidth), height: CHART_HEIGHT_PX });
  });
  resize.observe(container);
  return {
    update: (next) => chart.setData(chartColumns(next)),
    destroy: () => {
      resize.disconnect();
      chart.destroy();
    },
  };
}
