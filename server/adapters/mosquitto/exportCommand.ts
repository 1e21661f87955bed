import { parseArgs } from 'node:util';
import type { Config } from '../../config';
import { filesFromRegistry, hashLogins, loginsFromConfig } from '../../features/mosquittoSync';
import type { Db } from '../../storage/database';
import { DeviceRepository } from '../../storage/deviceRepository';
import { type MosquittoTargets, writeMosquittoFiles } from './mosquittoWriter';

const USAGE =
  'usage: npm run export:mosquitto -- [--password-file PATH --acl-file PATH] [--pid-file PATH]\n' +
  '(default: MOSQUITTO_PASSWORD_FILE, MOSQUITTO_ACL_FILE, MOSQUITTO_PID_FILE)';

/** The files to write: the command line's, else the config's. Throws a usage message when neither names both. */
export function exportTargets(argv: readonly string[], config: Readonly<Config>): MosquittoTargets {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'password-file': { type: 'string' },
      'acl-file': { type: 'string' },
      'pid-file': { type: 'string' },
    },
    strict: true,
  });
  const passwordFile = values['password-file'] ?? config.mosquittoPasswordFile;
  const aclFile = values['acl-file'] ?? config.mosquittoAclFile;
  if (!passwordFile || !aclFile) throw new Error(`where to? name both files.\n${USAGE}`);
  return { passwordFile, aclFile, pidFile: values['pid-file'] ?? config.mosquittoPidFile };
}

/**
 * `npm run export:mosquitto`: writes Mosquitto's password and ACL files from the registry once
 * (the running server keeps them in step by itself when MOSQUITTO_PASSWORD_FILE is set) and
 * answers what it wrote, in lines for a person, and which devices it had to leave out.
 */
export async function exportMosquitto(
  db: Db,
  config: Readonly<Config>,
  targets: MosquittoTargets,
): Promise<string[]> {
  const logins = await hashLogins(loginsFromConfig(config));
  const files = filesFromRegistry(new DeviceRepository(db, () => 0), logins);
  const outcome = writeMosquittoFiles(files, targets);
  const lines = [
    `${outcome.changed ? 'wrote' : 'unchanged'}: ${targets.passwordFile}, ${targets.aclFile} (${files.deviceCount} devices` +
      `${logins.server ? `, the server as "${logins.server.username}"` : ''}` +
      `${logins.homeAssistant ? `, Home Assistant as "${logins.homeAssistant.username}"` : ''})`,
  ];
  if (!logins.server)
    lines.push(
      'no server login: set MQTT_USERNAME and MQTT_PASSWORD, or the server cannot log in to Mosquitto',
    );
  if (outcome.signalledPid !== null)
    lines.push(`Mosquitto (pid ${outcome.signalledPid}) told to reload (SIGHUP)`);
  else if (outcome.changed)
    lines.push('reload Mosquitto to apply them (systemctl reload mosquitto, or kill -HUP its pid)');
  if (files.withoutHash.length > 0)
    lines.push(
      `${files.withoutHash.length} devices left out: registered before Mosquitto's hash was kept, they cannot log in to Mosquitto ` +
        'until given a new secret (POST /api/devices/{id}/secret, then the new password into the device):',
      ...files.withoutHash.map((id) => `  ${id}`),
    );
  if (files.nameTaken.length > 0)
    lines.push(
      `${files.nameTaken.length} devices left out: their id is the server's or Home Assistant's user name:`,
      ...files.nameTaken.map((id) => `  ${id}`),
    );
  return lines;
}
