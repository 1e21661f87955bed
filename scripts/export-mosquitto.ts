/**
 * `npm run export:mosquitto`: Mosquitto's password file and ACL file from the device registry in
 * DATA_DIR (docs/external-broker.md). Safe while the server runs (SQLite WAL: it only reads).
 */
import { exportMosquitto, exportTargets } from '../server/adapters/mosquitto/exportCommand';
import { ConfigError, loadConfig } from '../server/config';
import { openDatabase } from '../server/storage/database';

try {
  const config = loadConfig(process.env);
  const targets = exportTargets(process.argv.slice(2), config);
  const db = openDatabase(config.dataDir);
  try {
    for (const line of await exportMosquitto(db, config, targets)) console.log(line);
  } finally {
    db.close();
  }
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `export:mosquitto: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
