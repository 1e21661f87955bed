import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { INTAKE_WINDOW, IntakeGate } from '../../broker/intakeGate';
import { GuardedConnection } from '../../broker/socketGuard';

describe('IntakeGate', () => {
  it('closes at its window and opens again at half of it, not at every batch', () => {
    const gate = new IntakeGate(10);
    gate.waitingChanged(9);
    expect(gate.closed).toBe(false);
    gate.waitingChanged(10);
    expect(gate.closed).toBe(true);
    gate.waitingChanged(6);
    expect(gate.closed).toBe(true);
    gate.waitingChanged(5);
    expect(gate.closed).toBe(false);
    gate.waitingChanged(12);
    expect(gate.timesClosed).toBe(2);
  });

  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('lets held connections back once each, oldest first, a turn after it opens, not one closed meanwhile', async () => {
    const gate = new IntakeGate(4);
    const readOn: string[] = [];
    const a = () => readOn.push('a') && 0;
    const b = () => readOn.push('b') && 0;
    const c = () => readOn.push('c') && 0;
    gate.whenOpen(a);
    expect(readOn).toEqual(['a']);
    gate.waitingChanged(4);
    gate.whenOpen(b);
    gate.whenOpen(a);
    gate.whenOpen(a);
    gate.whenOpen(c);
    expect(gate.connectionsHeld).toBe(3);
    gate.forget(c);
    gate.waitingChanged(3);
    await turn();
    expect(readOn).toEqual(['a']);
    gate.waitingChanged(2);
    expect(gate.full).toBe(false);
    // Still closed to newcomers until the held ones are back: they queue behind them.
    expect(gate.closed).toBe(true);
    await turn();
    expect(readOn).toEqual(['a', 'b', 'a']);
    expect(gate.connectionsHeld).toBe(0);
    expect(gate.closed).toBe(false);
  });

  it("lets back a turn's worth of held bytes at a time, and stops when the window fills again", async () => {
    const gate = new IntakeGate(100, 1000);
    gate.waitingChanged(100);
    const readOn: number[] = [];
    for (let i = 0; i < 5; i++) gate.whenOpen(() => readOn.push(i) && 600);
    gate.waitingChanged(50);
    await turn();
    // 600 + 600 bytes reach the turn's 1,000: the third waits for the next turn.
    expect(readOn).toEqual([0, 1]);
    gate.waitingChanged(100);
    await turn();
    await turn();
    expect(readOn).toEqual([0, 1]);
    gate.waitingChanged(0);
    await turn();
    await turn();
    expect(readOn).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a window that cannot open below it', () => {
    expect(() => new IntakeGate(1)).toThrow(/at least 2/);
    expect(() => new IntakeGate(2.5)).toThrow(/whole number/);
    expect(new IntakeGate().closed).toBe(false);
    expect(INTAKE_WINDOW).toBeGreaterThanOrEqual(2);
  });
});

describe('GuardedConnection behind the intake gate', () => {
  let server: Server | null = null;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  /** A real TCP pair: the server side wrapped as the broker wraps it, the client side to write to. */
  async function pair(gate: IntakeGate): Promise<{ conn: GuardedConnection; peer: Socket }> {
    const accepted = new Promise<Socket>((resolve) => {
      server = createServer(resolve);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server?.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const peer = createConnection(port, '127.0.0.1');
    const socket = await accepted;
    sockets.push(peer, socket);
    return { conn: new GuardedConnection(socket, () => {}, gate), peer };
  }

  /** A PINGREQ: a whole packet of two bytes, which the header scan lets through. */
  const PINGREQ = Buffer.from([0xc0, 0x00]);

  const received = (conn: GuardedConnection) => {
    const chunks: Buffer[] = [];
    conn.on('data', (chunk: Buffer) => chunks.push(chunk));
    return () => Buffer.concat(chunks).length;
  };

  const written = (peer: Socket, bytes: Buffer) =>
    new Promise<void>((resolve, reject) => peer.write(bytes, (err) => (err ? reject(err) : resolve())));

  /** Resolves once `count()` reaches `bytes`. */
  const until = async (count: () => number, bytes: number) => {
    while (count() < bytes) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it("holds a device's bytes while the gate is closed and hands them over, in order, once it opens", async () => {
    const gate = new IntakeGate(10);
    const { conn, peer } = await pair(gate);
    conn.loggedIn(1024, true);
    const count = received(conn);
    await written(peer, PINGREQ);
    await until(count, 2);

    gate.waitingChanged(10);
    await written(peer, PINGREQ);
    await until(() => conn.bytesHeld, 2);
    // Held as bytes: nothing read after the gate closed reaches aedes, and the socket pauses.
    expect(count()).toBe(2);
    expect(conn.readingPaused).toBe(true);
    expect(gate.connectionsHeld).toBe(1);
    await written(peer, Buffer.concat([PINGREQ, PINGREQ, PINGREQ]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(count()).toBe(2);

    gate.waitingChanged(5);
    await until(count, 10);
    expect(conn.bytesHeld).toBe(0);
    expect(conn.readingPaused).toBe(false);
  });

  it("never holds the server's own client or a connection that has not logged in", async () => {
    const gate = new IntakeGate(10);
    gate.waitingChanged(10);
    const { conn, peer } = await pair(gate);
    const count = received(conn);
    await written(peer, PINGREQ);
    await until(count, 2);
    conn.loggedIn(1024 * 1024, false);
    await written(peer, Buffer.concat([PINGREQ, PINGREQ]));
    await until(count, 6);
    expect(gate.connectionsHeld).toBe(0);
  });
});
