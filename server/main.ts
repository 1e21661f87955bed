import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config';
import { startDemoSimulation } from './demo/demoSimulation';
import { watchGcPauses } from './features/slowTurns';
import { createLogger } from './logger';
import { startSystem } from './system';

/** The checkout this runs from: `server/main.ts` under tsx (`npm run dev`), `dist/server/main.js` built. */
function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
const dashboardDir = join(projectRoot, 'dashboard', 'dist');
/** The longest a stop may take before the process exits without finishing it. */
const STOP_DEADLINE_MS = 30_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // `npm start` builds it first (scripts/ensure-built.mjs); the server never runs Vite itself.
  const dashboard = existsSync(join(dashboardDir, 'index.html')) ? dashboardDir : null;
  if (!dashboard) logger.warn({ dashboardDir }, 'no dashboard build: serving the API only (npm run build)');
  const system = await startSystem({ config, logger, dashboardDir: dashboard, startDemoSimulation });
  // After start-up (migrations, the first list): pauses under load are what the log should show.
  watchGcPauses(logger);

  const lines = [
    '',
    `  Community fridge monitor is running${system.demo ? ' (DEMO SITE: simulated fridges)' : ''}`,
    `  Dashboard:   ${system.httpUrl}/`,
    `  API:         ${system.httpUrl}/api/fridges   (OpenAPI: ${system.httpUrl}/api/openapi.json)`,
    `  MQTT broker: ${system.mqttUrl}`,
    ...(system.mqttTlsUrl ? [`  MQTTS:       ${system.mqttTlsUrl}`] : []),
    system.adminToken.created
      ? `  Organiser token (shown once; kept in ${system.adminToken.file}): ${system.adminToken.token}`
      : `  Organiser token: ${system.adminToken.file ? `in ${system.adminToken.file}` : 'from ADMIN_TOKEN'}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C or SIGTERM: the operator will not wait. SQLite keeps every commit, and
      // nothing uncommitted was acknowledged, so this loses nothing acknowledged.
      logger.warn({ signal }, 'stopping at once: signalled again');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    // Each step of the stop is bounded (docs/reliability.md "Shutdown"); this bounds their sum,
    // for a step that hangs anyway, below the 90 s a service manager such as systemd waits.
    setTimeout(() => {
      logger.error({ signal, afterMs: STOP_DEADLINE_MS }, 'stop did not finish; exiting without it');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    system.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
