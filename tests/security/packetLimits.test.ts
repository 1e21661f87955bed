import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DEVICE_PACKET_BYTES } from '../../broker/socketGuard';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import {
  connectPacket,
  fixedHeader,
  publishPacket,
  rawExchange,
  streamAfterHeader,
} from '../helpers/rawMqtt';
import {
  connectDevice,
  elmStreet,
  eventually,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from '../helpers/testSystem';

const MB = 1024 * 1024;
const PER_ADDRESS = 3;

/** Opens a TCP connection that sends nothing, as a stranger holding a slot would. */
async function idleConnection(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

describe('memory before and after login is bounded', () => {
  let data: ReturnType<typeof tempDataDir>;
  let system: TestSystem;
  let reg: DeviceRegistration;
  let port: number;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    system = await startTestSystem(data.dir, { mqttMaxUnauthenticatedPerAddress: PER_ADDRESS });
    port = Number(new URL(system.mqttUrl).port);
    await system.createFridge(elmStreet);
    reg = await system.registerDevice('elm-st', 'elm-sensor');
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await system.stop();
    data.remove();
  });

  /** A device logs in, publishes and is stored: the broker still serves. */
  const deviceStillWorks = async (celsius: number) => {
    const device = await connectDevice(system.mqttUrl, reg);
    await device.publishAsync('fridges/elm-st/temperature', `{"celsius": ${celsius}}`, { qos: 1 });
    await device.endAsync();
    expect((await system.fridge('elm-st')).temperature.celsius).toBe(celsius);
  };

  it('closes a CONNECT declaring 250 MB before its body: 20 MB streamed after it cost the server no memory', async () => {
    const before = process.memoryUsage();
    const outcome = await streamAfterHeader(port, fixedHeader(0x10, 250_000_000), 20 * MB);
    // Measured before the sender lets go: whatever the server holds for this connection is held now.
    const after = process.memoryUsage();
    outcome.close();
    expect(outcome.closedByBroker).toBe(true);
    // Kernel socket buffers take a few MB before the close is seen; nowhere near the 20 MB offered.
    expect(outcome.bytesWritten).toBeLessThan(20 * MB);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(4 * MB);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * MB);
    await deviceStillWorks(4);
  });

  it('closes a malformed five-byte remaining length at once', async () => {
    const answer = await rawExchange(port, Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f]));
    expect(answer).toMatchObject({ connack: null, closedByBroker: true });
  });

  it('closes a logged-in device that declares a packet larger than any reading, and keeps ordinary ones', async () => {
    const login = connectPacket({ clientId: reg.username, username: reg.username, password: reg.password });
    const tooLarge = fixedHeader(0x32, MAX_DEVICE_PACKET_BYTES + 1);
    const closed = await rawExchange(port, login, { afterConnack: [tooLarge], waitMs: 5000 });
    expect(closed).toMatchObject({ connack: 0, closedByBroker: true });
    // A payload over the contract's limit but within the packet limit is acknowledged and counted
    // as payload-too-large, so a device does not resend it forever.
    const overContract = publishPacket('fridges/elm-st/temperature', Buffer.alloc(1500, 0x35));
    const acked = await rawExchange(port, login, { afterConnack: [overContract], until: 8, waitMs: 5000 });
    expect(acked.received.subarray(4, 5)).toEqual(Buffer.from([0x40]));
    expect(system.ingest.counters()['payload-too-large']).toBe(1);
  });

  it('closes connections beyond the cap of those not logged in from one address; others and later ones get in', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) sockets.push(await idleConnection(port));
    const extra = await rawExchange(port, [], { waitMs: 5000 });
    expect(extra.closedByBroker).toBe(true);
    expect(sockets.every((s) => !s.destroyed)).toBe(true);
    // The extra one was never counted: the broker holds exactly the cap.
    expect(system.broker?.pendingLoginCount()).toBe(PER_ADDRESS);
    // Another address is counted apart.
    const elsewhere = await rawExchange(
      port,
      connectPacket({ clientId: reg.username, username: reg.username, password: reg.password }),
      { until: 4, localAddress: '127.0.0.2' },
    );
    expect(elsewhere.connack).toBe(0);
    // Once the idle ones are gone, this address gets in again.
    for (const socket of sockets.splice(0)) socket.destroy();
    await eventually(async () => deviceStillWorks(5));
    // Logged in or closed, every connection has left the count.
    await eventually(() => expect(system.broker?.pendingLoginCount()).toBe(0));
  });
});
