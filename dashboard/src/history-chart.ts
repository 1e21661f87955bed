import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { isExcursion, type MergedBucket, type SafeBand } from './history-format';

/**
 * Temperature and stock history as uPlot charts: the mean as a line, the bucket's min–max as a
 * lighter band, the safe band as a green strip and excursion buckets shaded red. Loaded lazily with
 * uPlot, like the 24-hour stock chart, so the list page's bundle never carries it.
 */
export interface HistoryChartSpec {
  buckets: readonly MergedBucket[];
  stepMs: number;
  unit: string;
  band: SafeBand | null;
  /** The y range always shown (0 to capacity for stock), widened to the data. */
  floor: [number, number];
}

export interface HistoryChartHandle {
  update(spec: HistoryChartSpec): void;
  destroy(): void;
}

const CHART_HEIGHT_PX = 200;
const BAND_FILL = 'rgba(31,138,85,0.12)';
const EXCURSION_FILL = 'rgba(200,40,40,0.22)';

function columns(spec: HistoryChartSpec): uPlot.AlignedData {
  const b = spec.buckets;
  return [b.map((x) => x.startMs / 1000), b.map((x) => x.min), b.map((x) => x.mean), b.map((x) => x.max)];
}

function yRange(spec: HistoryChartSpec): [number, number] {
  const values = spec.buckets.flatMap((b) => [b.min, b.max]);
  const low = Math.min(
    spec.floor[0],
    ...values,
    spec.band?.lowC ?? spec.band?.highC ?? Number.POSITIVE_INFINITY,
  );
  const high = Math.max(spec.floor[1], ...values, spec.band?.highC ?? Number.NEGATIVE_INFINITY);
  return [Math.floor(low), Math.ceil(high)];
}

/** Paints the safe band and the excursions under the lines, inside the plotting area. */
function shade(u: uPlot, spec: () => HistoryChartSpec): void {
  const { band, buckets, stepMs } = spec();
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  if (band !== null) {
    const yHigh = u.valToPos(band.highC, 'y', true);
    // No lower limit (a freezer): the band reaches the bottom of the plot.
    const yLow = band.lowC === null ? top + height : u.valToPos(band.lowC, 'y', true);
    ctx.fillStyle = BAND_FILL;
    ctx.fillRect(left, yHigh, width, yLow - yHigh);
  }
  ctx.fillStyle = EXCURSION_FILL;
  for (const bucket of buckets) {
    if (!isExcursion(bucket, band)) continue;
    const x0 = u.valToPos(bucket.startMs / 1000, 'x', true);
    const x1 = u.valToPos((bucket.startMs + stepMs) / 1000, 'x', true);
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
  }
  ctx.restore();
}

export function drawHistoryChart(container: HTMLElement, initial: HistoryChartSpec): HistoryChartHandle {
  let spec = initial;
  const styles = getComputedStyle(container);
  const lineColour = styles.getPropertyValue('--accent').trim() || '#12463a';
  const textColour = styles.getPropertyValue('--muted').trim() || '#464d49';
  const axis = { stroke: textColour, grid: { stroke: 'rgba(128,128,128,0.25)' } };
  const thin = { stroke: 'rgba(128,128,128,0.6)', width: 1 };
  const chart = new uPlot(
    {
      width: Math.max(200, container.clientWidth),
      height: CHART_HEIGHT_PX,
      legend: { show: false },
      cursor: { show: false },
      scales: { y: { range: () => yRange(spec) } },
      axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((v) => `${v} ${spec.unit}`), size: 60 }],
      series: [{}, thin, { stroke: lineColour, width: 2 }, thin],
      bands: [{ series: [3, 1], fill: 'rgba(128,128,128,0.12)' }],
      hooks: { drawAxes: [(u) => shade(u, () => spec)] },
    },
    columns(spec),
    container,
  );
  const resize = new ResizeObserver(() => {
    chart.setSize({ width: Math.max(200, container.clientWidth), height: CHART_HEIGHT_PX });
  });
  resize.observe(container);
  return {
    update: (next) => {
      spec = next;
      chart.setData(columns(next));
    },
    destroy: () => {
      resize.disconnect();
      chart.destroy();
    },
  };
}
