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
        format: 'native',
        topic: null,
        faults: [],
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

  it('reads faults in simulated time, for the first fridge unless one is named', () => {
    const result = parseCliArgs([
      '--url',
      'mqtt://h',
      '--fault',
      'powerCut@10m+2h',
      '--fault',
      'sim-2:doorLeftOpen@1m30s+6m',
      '--fault',
      'probeUnplugged@0',
    ]);
    expect(result).toMatchObject({
      ok: true,
      options: {
        faults: [
          { fridgeId: null, fault: { kind: 'powerCut', startAfterMs: 600_000, durationMs: 7_200_000 } },
          { fridgeId: 'sim-2', fault: { kind: 'doorLeftOpen', startAfterMs: 90_000, durationMs: 360_000 } },
          { fridgeId: null, fault: { kind: 'probeUnplugged', startAfterMs: 0 } },
        ],
      },
    });
    expect(errorOf(['--url', 'mqtt://h', '--fault', 'meteorStrike@1m'])).toBe(
      '--fault: "meteorStrike" is no fault; one of compressorFailure, powerCut, doorLeftOpen, probeUnplugged, deviceOffline, deviceHung',
    );
    expect(errorOf(['--url', 'mqtt://h', '--fault', 'powerCut'])).toMatch(
      /^--fault: expected \[FRIDGE:\]KIND@START\[\+DURATION\]/,
    );
    expect(errorOf(['--url', 'mqtt://h', '--fault', 'powerCut@soon'])).toMatch(/^--fault: start "soon"/);
    expect(errorOf(['--url', 'mqtt://h', '--fault', 'powerCut@1m+0'])).toMatch(/^--fault: duration "0"/);
  });

  it('speaks a format, under a root topic the user may choose', () => {
    expect(
      parseCliArgs(['--url', 'mqtt://h', '--format', 'esphome', '--topic', 'esp-{fridge}']),
    ).toMatchObject({
      ok: true,
      options: { format: 'esphome', topic: 'esp-{fridge}' },
    });
    expect(errorOf(['--url', 'mqtt://h', '--format', 'homekit'])).toBe(
      '--format: must be one of native, zigbee2mqtt, esphome, tasmota, shelly, got "homekit"',
    );
    expect(errorOf(['--url', 'mqtt://h', '--format', 'tasmota', '--topic', 'tele/#'])).toMatch(
      /^--topic: must be/,
    );
    expect(errorOf(['--url', 'mqtt://h', '--topic', 'x'])).toBe(
      '--topic: only with --format (the native contract has fixed topics)',
    );
  });

  it('asks for help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ ok: true, help: true });
  });
});
