/**
 * The stock estimator: pure domain code that turns shelf weights and door events into stock,
 * door sessions, a forecast and activity figures. No I/O and no clock: time is passed in.
 * See docs/estimation.md.
 */
export {
  type ActivityPeriods,
  type ActivityRounding,
  type ActivitySummary,
  type ActivityTotals,
  type CoarseSteps,
  type SessionSummary,
  summarizeActivity,
} from './activity';
export {
  DEFAULT_ESTIMATOR_CONFIG,
  type EstimatorConfig,
  EstimatorConfigError,
  EstimatorConfigSchema,
  resolveEstimatorConfig,
} from './config';
export {
  createEstimatorState,
  ownedEstimatorState,
  stepEstimator,
  stepEstimatorInPlace,
  tickCanChange,
} from './estimator';
export { estimatorEventOf } from './events';
export { type Forecast, type ForecastInput, forecastEmpty } from './forecast';
export { coarseStepsOf } from './resolution';
export { getStockEstimate } from './stockEstimate';
export type * from './types';
