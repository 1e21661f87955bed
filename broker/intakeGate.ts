/**
 * Most readings the embedded broker lets wait for their commit before it stops reading devices'
 * connections: twenty of ingest's default batches (INGEST_MAX_BATCH 100), declared once here for
 * the window the server's subscription keeps behind an external broker too (`PIPELINE_WINDOW`,
 * server/adapters/pipelinedAcks.ts). Every parsed reading waiting for its commit holds about 3–4 kB
 * (its packet, payload, promise and pending entry): without a bound, a server that fell behind at
 * 10,000 fridges held 460,000 of them and 2 GB after 17 minutes, and its collector's work on that
 * heap kept it at a third of its normal rate, so it never caught up (docs/scaling.md, "Ninth
 * round: a bound on what waits for its commit").
 */
export const INTAKE_WINDOW = 2000;

/**
 * Bytes of held connections' data handed back to the broker per turn of the event loop once the
 * gate opens again: about 1,300–2,600 readings of 50–100 bytes, so a turn's worth stays near the
 * window instead of every held device's backlog being parsed at once.
 */
export const RELEASE_BYTES_PER_TURN = 128 * 1024;

/**
 * A held connection's way back in: reads on, and returns how many bytes it had held and has now
 * handed to the broker (0 when it held none and only resumes its socket).
 */
export type ReadOn = () => number;

/**
 * Whether the embedded broker reads devices' connections. Closed while too many readings wait for
 * their commit: what devices send next stays in the kernel's socket buffers and, past those, in the
 * devices' own QoS 1 queues (they hold every unacknowledged reading and send it again), instead of
 * in this process's memory as parsed readings. Nothing is refused or dropped: a reading read is
 * committed as before, and one read later is acknowledged later. Ingest reports the number waiting
 * (`waitingChanged`); each connection asks `whenOpen` before it reads on. It opens again at half the
 * window, not one below it, so it does not close and open at every batch; and it lets held
 * connections back one turn at a time, `RELEASE_BYTES_PER_TURN` of their held bytes a turn, in the
 * order they were held, checking between turns whether the window has filled again.
 */
export class IntakeGate {
  private isClosed = false;
  /** Connections waiting to read on, oldest first (a Set keeps insertion order). */
  private readonly held = new Set<ReadOn>();
  private releasing: NodeJS.Immediate | null = null;
  private closings = 0;
  private readonly openAt: number;

  /** `closeAt`: device connections stop being read once this many readings wait for their commit. */
  constructor(
    private readonly closeAt: number = INTAKE_WINDOW,
    private readonly releaseBytesPerTurn = RELEASE_BYTES_PER_TURN,
  ) {
    if (!Number.isInteger(closeAt) || closeAt < 2) {
      throw new Error(`intake gate: the window must be a whole number of at least 2, not ${closeAt}`);
    }
    this.openAt = Math.floor(closeAt / 2);
  }

  /** Whether a connection must wait: the window is full, or held connections are still being let back. */
  get closed(): boolean {
    return this.isClosed || this.held.size > 0;
  }

  /** Whether the window is full now (`/api/health`'s `intakePaused`). */
  get full(): boolean {
    return this.isClosed;
  }

  /** How many times the window has filled since the start (`/metrics`). */
  get timesClosed(): number {
    return this.closings;
  }

  /** Connections waiting to read on. */
  get connectionsHeld(): number {
    return this.held.size;
  }

  /** Ingest's count of readings waiting for their commit changed. */
  waitingChanged(waiting: number): void {
    if (!this.isClosed && waiting >= this.closeAt) {
      this.isClosed = true;
      this.closings += 1;
    } else if (this.isClosed && waiting <= this.openAt) {
      this.isClosed = false;
      this.scheduleRelease();
    }
  }

  /** Calls `readOn` now if nothing waits, otherwise when its turn comes (once per registration). */
  whenOpen(readOn: ReadOn): void {
    if (!this.closed) {
      readOn();
      return;
    }
    this.held.add(readOn);
    if (!this.isClosed) this.scheduleRelease();
  }

  /** A closed connection no longer waits. */
  forget(readOn: ReadOn): void {
    this.held.delete(readOn);
  }

  /** Stops letting connections back (the broker closes). */
  stop(): void {
    if (this.releasing) clearImmediate(this.releasing);
    this.releasing = null;
    this.held.clear();
  }

  private scheduleRelease(): void {
    if (this.releasing || this.held.size === 0) return;
    this.releasing = setImmediate(() => {
      this.releasing = null;
      this.releaseOneTurn();
    });
  }

  /** One turn's worth of held connections; the readings they hand over are parsed before the next. */
  private releaseOneTurn(): void {
    let bytes = 0;
    for (const readOn of this.held) {
      if (this.isClosed || bytes >= this.releaseBytesPerTurn) break;
      this.held.delete(readOn);
      bytes += readOn();
    }
    if (!this.isClosed) this.scheduleRelease();
  }
}
