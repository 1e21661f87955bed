import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LEVELS, loadConfig } from '../../server/config';
import { DEFAULT_ESTIMATOR_CONFIG } from '../../server/domain/estimation/config';
import { DEFAULT_NOTIFICATIONS_CONFIG } from '../../server/domain/notifications/config';
import { DEFAULT_RESTOCK_CONFIG } from '../../server/domain/restock/config';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('starts with the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      httpPort: 8080,
      httpHost: '0.0.0.0',
      mqttPort: 1883,
      mqttHost: '0.0.0.0',
      mqttUrl: null,
      mqttTlsPort: 8883,
      dataDir: './data',
      adminToken: null,
      demo: null,
      logLevel: 'info',
      ingestMaxBatch: 100,
      deviceClockToleranceMs: 60_000,
      deviceBufferMaxAgeMs: 24 * 3600_000,
      corsOrigins: [],
      smtp: null,
      tlsCertFile: null,
      tlsKeyFile: null,
      publicUrl: null,
    });
    expect(config.defaultLevels).toEqual({
      emptyBelowPercent: 10,
      fewBelowPercent: 45,
      manyBelowPercent: 80,
    });
    expect(config.defaultLevels).toEqual(DEFAULT_LEVELS);
  });

  it('fills the estimator, restock and notification sections from their schemas', () => {
    const config = loadConfig({});
    expect(config.estimator).toEqual(DEFAULT_ESTIMATOR_CONFIG);
    expect(config.restock).toEqual(DEFAULT_RESTOCK_CONFIG);
    expect(config.notifications).toEqual(DEFAULT_NOTIFICATIONS_CONFIG);
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', PORTT: 'abc' }).httpPort).toBe(8080);
  });
});

describe('loadConfig environment coercion', () => {
  it('reads numbers, strings and URLs from the environment', () => {
    const config = loadConfig({
      PORT: '3000',
      MQTT_PORT: ' 1884 ',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/fridges',
      MQTT_URL: 'mqtts://broker.example.org:8883',
      LOG_LEVEL: 'debug',
      INGEST_MAX_BATCH: '50',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
    });
    expect(config).toMatchObject({
      httpPort: 3000,
      mqttPort: 1884,
      httpHost: '127.0.0.1',
      dataDir: '/var/lib/fridges',
      mqttUrl: 'mqtts://broker.example.org:8883',
      logLevel: 'debug',
      ingestMaxBatch: 50,
      adminToken: 'a-long-enough-admin-token',
    });
  });

  it('reads DEMO=0 as a real site and DEMO=1 as a demo, in the usual spellings', () => {
    for (const value of ['0', 'false', 'no', 'off', 'OFF', ' False '])
      expect(loadConfig({ DEMO: value }).demo, value).toBe(false);
    for (const value of ['1', 'true', 'yes', 'on', 'TRUE'])
      expect(loadConfig({ DEMO: value }).demo, value).toBe(true);
    expect(loadConfig({ DEMO: '' }).demo).toBeNull();
  });

  it('splits CORS_ORIGINS on commas, dropping blanks', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.org, http://b.example:8080 ,,' }).corsOrigins).toEqual([
      'https://a.org',
      'http://b.example:8080',
    ]);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
  });

  it('treats an empty optional variable as unset', () => {
    const config = loadConfig({ MQTT_URL: '', ADMIN_TOKEN: '', MQTT_USERNAME: '' });
    expect(config.mqttUrl).toBeNull();
    expect(config.adminToken).toBeNull();
    expect(config.mqttUsername).toBeNull();
  });

  it('lets explicit overrides win over the environment', () => {
    expect(loadConfig({ PORT: '3000' }, { httpPort: 0 }).httpPort).toBe(0);
  });
});

describe('loadConfig errors', () => {
  it('names the variable behind a bad value', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '8080.5' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ MQTT_PORT: '-1' }, 'MQTT_PORT'],
      [{ MQTT_URL: 'http://broker' }, 'MQTT_URL'],
      [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
      [{ DEMO: 'maybe' }, 'DEMO'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ INGEST_MAX_BATCH: '0' }, 'INGEST_MAX_BATCH'],
      [{ CORS_ORIGINS: 'ftp://files.example' }, 'CORS_ORIGINS'],
      [{ PUBLIC_URL: 'fridges.example' }, 'PUBLIC_URL'],
      [{ RATE_LIMIT_CLAIM_PER_MINUTE: '0' }, 'RATE_LIMIT_CLAIM_PER_MINUTE'],
      [{ HOST: '' }, 'HOST'],
    ];
    for (const [env, name] of cases) {
      const problems = problemsOf(() => loadConfig(env));
      expect(problems.length, JSON.stringify(env)).toBeGreaterThan(0);
      expect(
        problems.some((p) => p.startsWith(`${name} `)),
        `${JSON.stringify(env)} → ${problems.join('; ')}`,
      ).toBe(true);
    }
  });

  it('puts every problem in the error message too', () => {
    try {
      loadConfig({ PORT: 'abc' });
      expect.unreachable('PORT=abc must be refused');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).name).toBe('ConfigError');
      expect((err as Error).message).toContain('PORT');
    }
  });

  it('reports several bad fields at once', () => {
    const problems = problemsOf(() =>
      loadConfig({
        PORT: 'abc',
        MQTT_PORT: '99999',
        INGEST_MAX_BATCH: 'x',
        CORS_ORIGINS: 'ftp://files.example',
        RATE_LIMIT_CLAIM_PER_MINUTE: '0',
        DEMO: 'maybe',
      }),
    );
    for (const name of [
      'PORT',
      'MQTT_PORT',
      'INGEST_MAX_BATCH',
      'CORS_ORIGINS',
      'RATE_LIMIT_CLAIM_PER_MINUTE',
      'DEMO',
    ]) {
      expect(
        problems.some((p) => p.startsWith(`${name} `)),
        `${name} missing from ${problems.join('; ')}`,
      ).toBe(true);
    }
  });

  // BUG (server/config.ts loadConfig): when LOG_LEVEL is invalid, the TypeBox error list stops at
  // logLevel, so every bad field after it in the schema (INGEST_MAX_BATCH, CORS_ORIGINS, rate
  // limits, MQTT_TLS_PORT, PUBLIC_URL, ...) goes unreported. Remove `.fails` once all are named.
  it('reports a bad LOG_LEVEL together with the other bad fields', () => {
    const problems = problemsOf(() =>
      loadConfig({ LOG_LEVEL: 'loud', INGEST_MAX_BATCH: 'x', CORS_ORIGINS: 'ftp://x' }),
    );
    for (const name of ['LOG_LEVEL', 'INGEST_MAX_BATCH', 'CORS_ORIGINS']) {
      expect(problems.some((p) => p.startsWith(`${name} `))).toBe(true);
    }
  });

  it('names the SMTP field when SMTP_PORT is not a number', () => {
    const problems = problemsOf(() => loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_PORT: 'x' }));
    expect(problems.some((p) => p.includes('smtp/port'))).toBe(true);
  });

  it('refuses level cut-offs that do not rise', () => {
    const problems = problemsOf(() =>
      loadConfig({}, { defaultLevels: { emptyBelowPercent: 50, fewBelowPercent: 40, manyBelowPercent: 80 } }),
    );
    expect(problems.join('\n')).toContain('defaultLevels');
  });

  it('refuses a TLS certificate without its key, naming both variables', () => {
    const problems = problemsOf(() => loadConfig({ TLS_CERT_FILE: '/etc/ssl/fridge.pem' }));
    expect(problems.join('\n')).toContain('TLS_CERT_FILE');
    expect(problems.join('\n')).toContain('TLS_KEY_FILE');
    expect(loadConfig({ TLS_CERT_FILE: '/a.pem', TLS_KEY_FILE: '/a.key' }).tlsKeyFile).toBe('/a.key');
  });

  it('refuses half of the Mosquitto files, or a pid file without them, naming the variables', () => {
    expect(problemsOf(() => loadConfig({ MOSQUITTO_PASSWORD_FILE: '/etc/mosquitto/p' })).join('\n')).toMatch(
      /MOSQUITTO_PASSWORD_FILE.*MOSQUITTO_ACL_FILE.*set both or neither/,
    );
    expect(
      problemsOf(() => loadConfig({ MOSQUITTO_PID_FILE: '/run/mosquitto/mosquitto.pid' })).join('\n'),
    ).toMatch(/MOSQUITTO_PID_FILE.*set the files too/);
    const files = {
      MOSQUITTO_PASSWORD_FILE: '/etc/mosquitto/p',
      MOSQUITTO_ACL_FILE: '/etc/mosquitto/a',
      MQTT_USERNAME: 'fridge-server',
      MQTT_PASSWORD: 'server-secret-0123',
    };
    expect(problemsOf(() => loadConfig({ ...files, MQTT_PASSWORD: '' })).join('\n')).toMatch(
      /MOSQUITTO_PASSWORD_FILE.*MQTT_PASSWORD.*the server's own login/,
    );
    expect(loadConfig(files).mosquittoAclFile).toBe('/etc/mosquitto/a');
    // Home Assistant's login goes into those files, so it may come with an external broker then.
    const withHa = { ...files, MQTT_URL: 'mqtt://m:1883', HA_MQTT_PASSWORD: 'a-long-enough-password' };
    expect(loadConfig(withHa).homeAssistantMqttPassword).toBe('a-long-enough-password');
  });
});

describe('loadConfig result', () => {
  it('is frozen, level cut-offs included', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.defaultLevels)).toBe(true);
    expect(() => {
      (config as { httpPort: number }).httpPort = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.defaultLevels as { emptyBelowPercent: number }).emptyBelowPercent = 99;
    }).toThrow(TypeError);
    expect(loadConfig({}).defaultLevels.emptyBelowPercent).toBe(10);
  });
});
