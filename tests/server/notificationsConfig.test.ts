import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../server/config';

describe('notification settings in the config', () => {
  it('has e-mail off, links on localhost and the default timings unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.smtp).toBeNull();
    expect(config.publicUrl).toBeNull();
    expect(config.restock.escalateAfterMs).toBe(30 * 60_000);
    expect(config.restock.claimEtaMs).toBe(2 * 3600_000);
  });

  it('reads the SMTP section and the public URL from the environment', () => {
    const config = loadConfig({
      SMTP_HOST: 'mail.example.org',
      SMTP_SECURE: '1',
      SMTP_USER: 'fridges',
      SMTP_PASSWORD: 'secret',
      SMTP_FROM: 'Fridges <fridges@example.org>',
      PUBLIC_URL: 'https://fridges.example.org',
      TIME_ZONE: 'America/New_York',
    });
    expect(config.smtp).toEqual({
      host: 'mail.example.org',
      port: 465,
      secure: true,
      user: 'fridges',
      password: 'secret',
      from: 'Fridges <fridges@example.org>',
    });
    expect(config.publicUrl).toBe('https://fridges.example.org');
    expect(config.timeZone).toBe('America/New_York');
    expect(loadConfig({ SMTP_HOST: 'mail' }).smtp).toMatchObject({
      port: 587,
      secure: false,
      user: null,
      from: 'fridges@mail',
    });
  });

  it('names each bad field', () => {
    const problems = (() => {
      try {
        loadConfig({ SMTP_HOST: 'mail', SMTP_PORT: 'twenty-five', PUBLIC_URL: 'fridges.example.org' });
      } catch (err) {
        return (err as ConfigError).problems;
      }
      return [];
    })();
    expect(problems.join('\n')).toMatch(/smtp\/port/);
    expect(problems.join('\n')).toMatch(/PUBLIC_URL/);
  });
});
