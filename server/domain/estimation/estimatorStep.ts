import type { EstimatorConfig } from './config';
import { finishSession } from './sessionFinish';
import type { EstimatorEffect, EstimatorState, SettleQuality } from './types';

/** One event's work on a fridge: the working copy of its state, the effects so far, the clock and the rules. */
export interface Step {
  state: EstimatorState;
  effects: EstimatorEffect[];
  nowMs: number;
  config: EstimatorConfig;
}

/** Ends the session in progress, with the `doorSession` effect if it was a visit. */
export function finish(step: Step, quality: SettleQuality): void {
  const effect = finishSession(step.state, quality, step.nowMs, step.config);
  if (effect) step.effects.push(effect);
}
