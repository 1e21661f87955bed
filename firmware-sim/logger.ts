/** The two levels the simulator uses; a pino logger fits as is. */
export interface SimulationLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silentLogger: SimulationLogger = { info: () => {}, warn: () => {} };
