import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../firmware-sim/cliArgs';

const errorOf = (argv: string[]) => {
  const result = parseCliArgs(argv);
  return result.ok ? null : result.message;
};

describe('simulator command line', () => {
  it('reads the documented flags, with defaults', () => {
    expect(parseCliArgs(['--url', 'mqtt://localhost:1883'])).toEqual({
      ok: true,
      help: false,
      options: {
        url: 'mqtt://localhost:1883',
        fridges: 3,
        speed: 1,
        seed: 1,
        profile: 'realistic',
        truthFile: null,
        credentials: { mode: 'anonymous' },
      },
    });
    const full = parseCliArgs([
      '--url',
      'mqtt://h:1883',
      '--fridges',
      '5',
      '--speed',
      '60',
      '--seed',
      '9',
      '--truth',
      'out.jsonl',
      '--profile',
      'demo',
    ]);
    expect(full).toMatchObject({
      ok: true,
      options: { fridges: 5, speed: 60, seed: 9, truthFile: 'out.jsonl', profile: 'demo' },
    });
  });

  it('takes credentials from the API, shared flags, or none', () => {
    expect(parseCliArgs(['--api', 'http://localhost:8080', '--admin-token', 't0ken'])).toMatchObject({
      ok: true,
      options: {
        url: null,
        credentials: { mode: 'api', apiUrl: 'http://localhost:8080', adminToken: 't0ken' },
      },
    });
    expect(parseCliArgs(['--url', 'mqtt://h', '--username', 'u', '--password', 'p'])).toMatchObject({
      ok: true,
      options: { credentials: { mode: 'shared', username: 'u', password: 'p' } },
    });
  });

  it('explains what is wrong with a bad flag', () => {
    expect(errorOf(['--url', 'mqtt://h', '--speed', 'fast'])).toBe(
      '--speed: must be a positive number, got "fast"',
    );
    expect(errorOf(['--url', 'mqtt://h', '--speed', '0'])).toMatch(/^--speed: must be a positive number/);
    expect(errorOf(['--url', 'mqtt://h', '--fridges', '2.5'])).toMatch(/^--fridges: must be an integer/);
    expect(errorOf(['--url', 'mqtt://h', '--profile', 'busy'])).toMatch(
      /^--profile: must be one of realistic, demo/,
    );
    expect(errorOf(['--url', 'http://h'])).toMatch(/^--url: must be an mqtt:\/\//);
    expect(errorOf([])).toBe('--url: is required (unless --api is given)');
    expect(errorOf(['--api', 'http://h'])).toBe('--api: needs --admin-token');
    expect(errorOf(['--url', 'mqtt://h', '--username', 'u'])).toBe(
      '--username and --password: give both or neither',
    );
    expect(errorOf(['--url', 'mqtt://h', '--colour', 'red'])).toMatch(/--colour/);
  });

  it('asks for help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ ok: true, help: true });
  });
});
