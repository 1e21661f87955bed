/** The device simulator's public API, used by the CLI, the server's demo mode and the benchmark. */
export type { ArrivalProcess } from './arrivals';
export type { BackoffOptions } from './backoff';
export { FAULT_KINDS, type FaultKind, type FaultSpec, parseFaultFlag } from './faults';
export { type StepResult, stepFridge } from './fridgeModel';
export {
  createFridgeState,
  type FridgeModelOptions,
  type FridgeModelState,
  fridgeTruth,
  truthRecordOf,
} from './fridgeState';
export type { SimulationLogger } from './logger';
export { createRng, type Rng } from './prng';
export {
  type BehaviourProfile,
  DEMO_PROFILE,
  PROFILES,
  type ProfileName,
  REALISTIC_PROFILE,
  STILL_PROFILE,
} from './profiles';
export {
  type ScenarioFridge,
  type ScenarioOptions,
  type ScenarioReading,
  type ScenarioResult,
  scenarioWireMessage,
  simulateScenario,
} from './scenario';
export type { DeviceCredentials, DeviceStats } from './simulatedDevice';
export { type SimulationHandle, startSimulation } from './simulation';
export type { SimulationFridge, SimulationOptions } from './simulationOptions';
export type * from './types';
