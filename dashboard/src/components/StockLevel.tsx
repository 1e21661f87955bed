import type { FridgeStatus, LevelThresholds } from '../../../contract/api';
import { formatKg, formatPercent, levelWords } from '../format';
import { msg } from '../locale';
import { amountOf } from './amount';

interface StockLevelProps {
  stock: Pick<FridgeStatus['stock'], 'kg' | 'capacityKg' | 'percent' | 'level'>;
  levels: LevelThresholds;
  /** Accessible name of the bar, e.g. "Stock of Main St fridge". */
  meterLabel: string;
}

/**
 * The stock in words, as a bar and in figures; before the first reading only the words show
 * ("no reading yet"). The bar's colour follows the level, but the words and numbers always say
 * the same, so nothing depends on seeing colour.
 */
export function StockLevel({ stock, levels, meterLabel }: StockLevelProps) {
  const level = stock.level ?? 'unknown';
  return (
    <div class="stock" data-level={level}>
      <p class="stock-words">
        <span class="visually-hidden">{msg().stock}: </span>
        <span data-testid="level" data-level={level}>
          {levelWords(stock.level)}
        </span>
      </p>
      {stock.percent !== null && (
        <LevelMeter percent={stock.percent} levels={levels} label={meterLabel} testId="level-meter" />
      )}
      {stock.kg !== null && (
        <p class="stock-amount">
          {amountOf(<span data-testid="kg">{formatKg(stock.kg)}</span>, formatKg(stock.capacityKg))} ·{' '}
          <span data-testid="percent">{formatPercent(stock.percent)}</span>
        </p>
      )}
    </div>
  );
}

interface LevelMeterProps {
  percent: number;
  levels: LevelThresholds;
  label: string;
  testId?: string;
}

/**
 * A native <meter>: below `emptyBelowPercent` it shows as bad, below `fewBelowPercent` as low, and
 * from there up as good, the same cut-offs the server uses for the words.
 */
export function LevelMeter({ percent, levels, label, testId }: LevelMeterProps) {
  return (
    <meter
      class="level-meter"
      min={0}
      max={100}
      low={levels.emptyBelowPercent}
      high={levels.fewBelowPercent}
      optimum={100}
      value={Math.min(100, Math.max(0, percent))}
      aria-label={label}
      data-testid={testId}
    >
      {formatPercent(percent)}
    </meter>
  );
}
