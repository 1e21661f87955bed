import { type CliOptions, parseCliArgs, USAGE } from './cliArgs';
import type { SimulationLogger } from './logger';
import { provisionFridges } from './provisioning';
import { startSimulation } from './simulation';
import type { SimulationFridge } from './simulationOptions';

const consoleLogger: SimulationLogger = {
  info: (obj, msg) => console.log(`${new Date().toISOString()} ${msg} ${JSON.stringify(obj)}`),
  warn: (obj, msg) => console.warn(`${new Date().toISOString()} WARN ${msg} ${JSON.stringify(obj)}`),
};

/** Fridges sim-1..N with three 20 kg shelves, for a broker that does not check who is who. */
function localFridges(options: CliOptions): SimulationFridge[] {
  const { credentials } = options;
  return Array.from({ length: options.fridges }, (_, i) => ({
    fridgeId: `sim-${i + 1}`,
    kind: 'fridge',
    shelves: ['s1', 's2', 's3'].map((id) => ({ id, tareKg: 2, capacityKg: 20 })),
    device:
      credentials.mode === 'shared'
        ? { deviceId: `sim-${i + 1}-device`, username: credentials.username, password: credentials.password }
        : { deviceId: `sim-${i + 1}-device` },
  }));
}

/** Gives each fridge the `--fault` flags meant for it; a flag naming no simulated fridge is an error. */
function withFaults(fridges: SimulationFridge[], faults: CliOptions['faults']): SimulationFridge[] {
  for (const { fridgeId } of faults)
    if (fridgeId !== null && !fridges.some((f) => f.fridgeId === fridgeId))
      throw new Error(
        `--fault: no simulated fridge ${fridgeId} (they are ${fridges.map((f) => f.fridgeId).join(', ')})`,
      );
  return fridges.map((fridge, i) => {
    const own = faults.filter(
      ({ fridgeId }) => fridgeId === fridge.fridgeId || (fridgeId === null && i === 0),
    );
    return own.length === 0 ? fridge : { ...fridge, faults: own.map(({ fault }) => fault) };
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    console.error(`error: ${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const { options } = parsed;
  let fridges: SimulationFridge[];
  let mqttUrl = options.url;
  if (options.credentials.mode === 'api') {
    const provisioned = await provisionFridges({ ...options.credentials, count: options.fridges });
    mqttUrl ??= provisioned[0]?.device.mqttUrl ?? null;
    // An explicit --url wins over what the server advertises (it may name an internal host).
    fridges =
      options.url === null
        ? provisioned
        : provisioned.map(({ device: { mqttUrl: _, ...device }, ...fridge }) => ({ ...fridge, device }));
  } else {
    fridges = localFridges(options);
  }
  if (mqttUrl === null) throw new Error('no broker URL: give --url');
  fridges = withFaults(fridges, options.faults);
  const { topic } = options;
  if (topic !== null)
    fridges = fridges.map((fridge) => ({
      ...fridge,
      topic: topic.replaceAll('{fridge}', fridge.fridgeId).replaceAll('{device}', fridge.device.deviceId),
    }));

  const simulation = await startSimulation({
    mqttUrl,
    fridges,
    speed: options.speed,
    seed: options.seed,
    profile: options.profile,
    format: options.format,
    truthFile: options.truthFile ?? undefined,
    logger: consoleLogger,
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without a clean stop`);
      process.exit(130);
    }
    stopping = true;
    console.log(`${signal}: stopping (press Ctrl-C again to force)`);
    simulation.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
