import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_LIMITS } from '../../broker/connectLimiter';
import { connectPacket, rawExchange } from '../helpers/rawMqtt';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

/** CONNACK return codes, MQTT 3.1.1 §3.2.2.3. */
const ACCEPTED = 0;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

describe('MQTT logins: wrong passwords, revoked devices, guessing', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  const clock = { nowMs: Date.UTC(2026, 10, 29, 12) };
  let port: number;

  const login = (clientId: string, username: string, password: string) =>
    rawExchange(port, connectPacket({ clientId, username, password }), { until: 4 });

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, {}, { clock: { nowMs: () => clock.nowMs } });
    port = Number(new URL(system.mqttUrl).port);
    await system.createFridge(elmStreet);
  });
  afterEach(async () => {
    await system.stop();
    data.remove();
  });

  it('refuses a wrong password, an unknown device, an empty password and the organiser token', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    expect((await login('elm-sensor', 'elm-sensor', `${reg.password}x`)).connack).toBe(
      BAD_USERNAME_OR_PASSWORD,
    );
    expect((await login('ghost', 'ghost', reg.password)).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    expect((await login('elm-sensor', 'elm-sensor', '')).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    expect((await login('elm-sensor', 'elm-sensor', ADMIN_TOKEN)).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    expect((await login('x', '$server', 'guess')).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(ACCEPTED);
  });

  it('refuses a revoked device at once and on every later login', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const device = await connectDevice(system.mqttUrl, reg);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    const res = await system.app.inject({
      method: 'DELETE',
      url: '/api/devices/elm-sensor',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.statusCode).toBe(204);
    await closed;
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    await device.endAsync(true);
  });

  it('locks a client id out after repeated wrong passwords, even with the right one, until the window passes', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const other = await system.registerDevice('elm-st', 'elm-other');
    for (let i = 0; i < DEFAULT_CONNECT_LIMITS.maxFailuresPerClientId; i++) {
      expect((await login('elm-sensor', 'elm-sensor', `guess-${i}`)).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    }
    // Locked: refused before the password is checked, so guessing further learns nothing.
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(NOT_AUTHORIZED);
    // Another device from the same address is not locked by one client id's failures.
    expect((await login('elm-other', 'elm-other', other.password)).connack).toBe(ACCEPTED);
    clock.nowMs += DEFAULT_CONNECT_LIMITS.windowMs;
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(ACCEPTED);
  });

  it('locks an address out when it guesses with many client ids', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    for (let i = 0; i < DEFAULT_CONNECT_LIMITS.maxFailuresPerAddress; i++) {
      expect((await login(`guess-${i}`, `guess-${i}`, 'password')).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    }
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(NOT_AUTHORIZED);
    clock.nowMs += DEFAULT_CONNECT_LIMITS.windowMs;
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(ACCEPTED);
  });

  it('closes connections without an answer once an address floods CONNECTs', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    let answered = 0;
    for (let i = 0; i < DEFAULT_CONNECT_LIMITS.maxAttemptsPerAddress; i++) {
      // Unknown users fail fast (no hash to check): the flood costs the broker almost nothing.
      const answer = await login(`flood-${i}`, `flood-${i}`, 'x');
      if (answer.connack !== null) answered += 1;
    }
    expect(answered).toBe(DEFAULT_CONNECT_LIMITS.maxAttemptsPerAddress);
    const refused = await login('elm-sensor', 'elm-sensor', reg.password);
    expect(refused).toMatchObject({ connack: null, closedByBroker: true });
    // The server's own client is exempt: health still sees the broker.
    const health = await system.app.inject({ url: '/api/health' });
    expect(health.json()).toMatchObject({ broker: { ok: true } });
    clock.nowMs += DEFAULT_CONNECT_LIMITS.windowMs;
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(ACCEPTED);
  });
});
