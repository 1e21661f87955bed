import type { Logger } from '../logger';
import type { Simulation } from '../system';
import type { DemoDevice } from './demoSite';

/** Runs the demo site's devices in this process (wired to firmware-sim once it lands). */
export async function startDemoSimulation(_devices: DemoDevice[], _logger: Logger): Promise<Simulation> {
  return { stop: async () => {} };
}
