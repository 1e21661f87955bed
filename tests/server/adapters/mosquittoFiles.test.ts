import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportMosquitto, exportTargets } from '../../../server/adapters/mosquitto/exportCommand';
import { mosquittoFiles } from '../../../server/adapters/mosquitto/mosquittoFiles';
import { writeMosquittoFiles } from '../../../server/adapters/mosquitto/mosquittoWriter';
import { mosquittoHashMatches, mosquittoPasswordHash } from '../../../server/adapters/mosquitto/passwordHash';
import { loadConfig } from '../../../server/config';
import { openMemoryDatabase } from '../../../server/storage/database';
import { DeviceRepository } from '../../../server/storage/deviceRepository';
import { TEST_START_MS, tempDataDir } from '../../helpers/testSystem';

let dirs: Array<ReturnType<typeof tempDataDir>> = [];
const tempDir = () => {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir.dir;
};
afterEach(() => {
  for (const dir of dirs) dir.remove();
  dirs = [];
});

describe("Mosquitto's $7$ password hash", () => {
  it("verifies a line Debian's mosquitto_passwd wrote, and writes the same shape", async () => {
    const file = join(tempDir(), 'passwd');
    execFileSync('mosquitto_passwd', ['-c', '-b', file, 'elm-sensor', 'a-device-secret']);
    const stored = readFileSync(file, 'utf8').trim().split(':')[1] as string;
    expect(stored).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(await mosquittoHashMatches('a-device-secret', stored)).toBe(true);
    expect(await mosquittoHashMatches('another-secret', stored)).toBe(false);
    const ours = await mosquittoPasswordHash('a-device-secret');
    expect(ours).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(await mosquittoHashMatches('a-device-secret', ours)).toBe(true);
    expect(ours).not.toBe(await mosquittoPasswordHash('a-device-secret'));
  });
});

describe('the files made from the registry', () => {
  const hash = '$7$101$c2FsdHNhbHRzYWx0$aGFzaA==';
  const files = mosquittoFiles({
    server: { username: 'fridge-server', passwordHash: hash },
    homeAssistant: { username: 'homeassistant', passwordHash: hash, discoveryPrefix: 'homeassistant' },
    devices: [
      { id: 'elm-sensor', kind: 'native', fridgeId: 'elm-st', topicRoot: null, mosquittoHash: hash },
      { id: 'old-sensor', kind: 'native', fridgeId: 'elm-st', topicRoot: null, mosquittoHash: null },
      { id: 'homeassistant', kind: 'native', fridgeId: 'elm-st', topicRoot: null, mosquittoHash: hash },
      { id: 'z2m', kind: 'zigbee2mqtt', fridgeId: 'elm-st', topicRoot: 'zigbee2mqtt', mosquittoHash: hash },
    ],
  });

  it('gives each login one password line, and a device without a Mosquitto hash none', () => {
    expect(files.passwordFile.trimEnd().split('\n')).toEqual([
      `fridge-server:${hash}`,
      `homeassistant:${hash}`,
      `elm-sensor:${hash}`,
      `z2m:${hash}`,
    ]);
    expect(files.withoutHash).toEqual(['old-sensor']);
    expect(files.nameTaken).toEqual(['homeassistant']);
    expect(files.deviceCount).toBe(2);
  });

  it('gives each login only its own topics, and the server everything', () => {
    const sections = files.aclFile.split('\n\n').filter((s) => s.startsWith('user '));
    expect(sections).toEqual([
      'user fridge-server\ntopic readwrite #',
      [
        'user homeassistant',
        'topic read homeassistant/#',
        'topic read fridges/+/state',
        'topic read fridges/+/alerts',
        'topic read fridge-monitor/status',
        'topic write homeassistant/status',
      ].join('\n'),
      [
        'user elm-sensor',
        'topic write fridges/elm-st/door',
        'topic write fridges/elm-st/temperature',
        'topic write fridges/elm-st/shelves/+/weight',
        'topic write fridges/elm-st/devices/elm-sensor/status',
        'topic read fridges/elm-st/#',
      ].join('\n'),
      'user z2m\ntopic write zigbee2mqtt/#\ntopic read zigbee2mqtt/#\ntopic read homeassistant/status',
    ]);
    expect(files.aclFile).not.toContain('pattern');
  });

  it('refuses a server user name the files cannot carry', () => {
    expect(() =>
      mosquittoFiles({ server: { username: 'a:b', passwordHash: hash }, homeAssistant: null, devices: [] }),
    ).toThrow(/cannot be a Mosquitto user name/);
  });
});

describe('writing the files', () => {
  const files = {
    passwordFile: 'a:$7$x\n',
    aclFile: 'user a\n',
    withoutHash: [],
    nameTaken: [],
    deviceCount: 1,
  };

  it('writes only what changed, keeps a chosen mode, and signals only after a change', () => {
    const dir = tempDir();
    const targets = { passwordFile: join(dir, 'passwd'), aclFile: join(dir, 'acl'), pidFile: null };
    expect(writeMosquittoFiles(files, targets)).toEqual({ changed: true, signalledPid: null });
    expect(statSync(targets.passwordFile).mode & 0o777).toBe(0o640);
    execFileSync('chmod', ['600', targets.passwordFile]);
    expect(writeMosquittoFiles(files, targets).changed).toBe(false);
    writeMosquittoFiles({ ...files, passwordFile: 'b:$7$y\n' }, targets);
    expect(readFileSync(targets.passwordFile, 'utf8')).toBe('b:$7$y\n');
    expect(statSync(targets.passwordFile).mode & 0o777).toBe(0o600);
  });

  it('names the pid file that holds no process id, after writing', () => {
    const dir = tempDir();
    const pidFile = join(dir, 'mosquitto.pid');
    writeFileSync(pidFile, 'not a pid\n');
    const targets = { passwordFile: join(dir, 'passwd'), aclFile: join(dir, 'acl'), pidFile };
    expect(() => writeMosquittoFiles(files, targets)).toThrow(`${pidFile} holds no process id`);
    expect(readFileSync(targets.aclFile, 'utf8')).toBe('user a\n');
  });
});

describe('npm run export:mosquitto', () => {
  it('writes the registry and lists the devices that need a new secret first', async () => {
    const db = openMemoryDatabase();
    const devices = new DeviceRepository(db, () => TEST_START_MS);
    db.prepare(
      "INSERT INTO fridges (id, name, kind, created_at) VALUES ('elm-st', 'Elm', 'fridge', 0)",
    ).run();
    devices.insert('elm-sensor', 'elm-st', { secretHash: 'scrypt$x', mosquittoHash: '$7$101$s$h' });
    // A device registered before migration 016: scrypt only.
    db.prepare(
      "INSERT INTO devices (id, fridge_id, secret_hash, created_at) VALUES ('old-sensor', 'elm-st', 'scrypt$y', 0)",
    ).run();
    const dir = tempDir();
    const config = loadConfig({ MQTT_USERNAME: 'fridge-server', MQTT_PASSWORD: 'server-secret-0123' });
    const targets = exportTargets(
      ['--password-file', join(dir, 'passwd'), '--acl-file', join(dir, 'acl')],
      config,
    );
    const lines = await exportMosquitto(db, config, targets);
    expect(lines[0]).toBe(
      `wrote: ${targets.passwordFile}, ${targets.aclFile} (1 devices, the server as "fridge-server")`,
    );
    expect(lines).toContain(
      'reload Mosquitto to apply them (systemctl reload mosquitto, or kill -HUP its pid)',
    );
    expect(lines.join('\n')).toMatch(
      /1 devices left out: .*POST \/api\/devices\/\{id\}\/secret.*\n {2}old-sensor$/,
    );
    expect(readFileSync(targets.passwordFile, 'utf8')).toMatch(
      /^fridge-server:\$7\$101\$.+\nelm-sensor:\$7\$101\$s\$h\n$/,
    );
    expect(() => exportTargets([], config)).toThrow(/name both files/);
  });
});
