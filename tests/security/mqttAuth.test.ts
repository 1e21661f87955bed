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

/** Another host: Linux answers on all of 127.0.0.0/8. */
const STRANGER = '127.0.0.2';

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

  it("never lets a stranger's failures with a device's id keep the device out", async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    // Device ids are public (GET /api/fridges). Another host fails 20 times as elm-sensor,
    // twice the number that used to lock its client id out, and past the device's guessing mark.
    for (let i = 0; i < 20; i++) {
      const guess = await rawExchange(
        port,
        connectPacket({ clientId: 'elm-sensor', username: 'elm-sensor', password: `guess-${i}` }),
        { until: 4, localAddress: STRANGER },
      );
      expect(guess.connack).toBe(BAD_USERNAME_OR_PASSWORD);
    }
    // The device has never logged in before (its secret is checked with scrypt), and gets in at once.
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(ACCEPTED);
    // And as firmware connects: its own client id, a persistent session.
    const device = await connectDevice(system.mqttUrl, reg);
    expect(device.connected).toBe(true);
    await device.endAsync();
  });

  it('locks a guessing address out; a device behind the same address that logged in before still gets in', async () => {
    const known = await system.registerDevice('elm-st', 'elm-sensor');
    const fresh = await system.registerDevice('elm-st', 'elm-fresh');
    expect((await login('elm-sensor', 'elm-sensor', known.password)).connack).toBe(ACCEPTED);
    for (let i = 0; i < DEFAULT_CONNECT_LIMITS.maxFailuresPerAddress; i++) {
      expect((await login(`guess-${i}`, `guess-${i}`, 'password')).connack).toBe(BAD_USERNAME_OR_PASSWORD);
    }
    // The address is locked: no more scrypt checks for it. A secret the broker verified before
    // needs none (one HMAC), so the device that shares the address with the guesser stays online.
    expect((await login('elm-sensor', 'elm-sensor', known.password)).connack).toBe(ACCEPTED);
    // A device that has not logged in since the broker started needs one: refused until the window passes.
    expect((await login('elm-fresh', 'elm-fresh', fresh.password)).connack).toBe(NOT_AUTHORIZED);
    // Other addresses are not locked.
    const elsewhere = await rawExchange(
      port,
      connectPacket({ clientId: 'elm-fresh', username: 'elm-fresh', password: fresh.password }),
      { until: 4, localAddress: STRANGER },
    );
    expect(elsewhere.connack).toBe(ACCEPTED);
    clock.nowMs += DEFAULT_CONNECT_LIMITS.windowMs;
    expect((await login('elm-sensor', 'elm-sensor', known.password)).connack).toBe(ACCEPTED);
  });

  it('refuses a wrong secret for a device that logged in before', async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    expect((await login('elm-sensor', 'elm-sensor', reg.password)).connack).toBe(ACCEPTED);
    expect((await login('elm-sensor', 'elm-sensor', `${reg.password}x`)).connack).toBe(
      BAD_USERNAME_OR_PASSWORD,
    );
    expect((await login('elm-sensor', 'elm-sensor', '')).connack).toBe(BAD_USERNAME_OR_PASSWORD);
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

  it("keeps no device's password in memory once its login is decided", async () => {
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const broker = system.broker;
    if (!broker) throw new Error('embedded broker expected');
    const device = await connectDevice(system.mqttUrl, reg);
    try {
      // mqtt-packet keeps the CONNECT for the connection's life (its parser's settings).
      const client = (
        broker.aedes as unknown as {
          clients: Record<string, { _parser: { settings: { password?: Buffer } } }>;
        }
      ).clients['elm-sensor'];
      const kept = client?._parser.settings.password;
      expect(kept?.length).toBe(Buffer.byteLength(reg.password));
      expect(kept?.every((byte) => byte === 0)).toBe(true);
    } finally {
      await device.endAsync();
    }
    // A refused login's bytes are overwritten too, whatever the reason.
    for (const [username, secret] of [
      ['elm-sensor', `${reg.password}x`],
      ['ghost', reg.password],
    ] as const) {
      const password = Buffer.from(secret);
      const client = { id: username, conn: { remoteAddress: '127.0.0.1' } } as unknown as Parameters<
        typeof broker.aedes.authenticate
      >[0];
      const ok = await new Promise<boolean>((resolve) =>
        broker.aedes.authenticate(client, username, password, (err, success) =>
          resolve(!err && success === true),
        ),
      );
      expect(ok).toBe(false);
      expect(password.every((byte) => byte === 0)).toBe(true);
    }
  });
});
