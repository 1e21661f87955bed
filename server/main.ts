import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config';
import { startDemoSimulation } from './demo/demoSimulation';
import { createLogger } from './logger';
import { startSystem } from './system';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dashboardDir = join(projectRoot, 'dashboard', 'dist');

/** `npm start` builds the dashboard on a fresh checkout, so two commands are all the set-up. */
async function ensureDashboardBuilt(log: (msg: string) => void): Promise<void> {
  if (existsSync(join(dashboardDir, 'index.html'))) return;
  log('Building the dashboard (first start only)...');
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'dashboard', 'vite.config.ts'), logLevel: 'warn' });
}

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
  await ensureDashboardBuilt((msg) => logger.info(msg));
  const system = await startSystem({ config, logger, dashboardDir, startDemoSimulation });

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
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
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
