/**
 * Keeps the heartbeat interval the server asks for (AuthOk, then JoinOk's shorter one) and notices a dead
 * link: nothing received for the idle limit means the network dropped without a close (mobile networks do
 * this), so the client reconnects instead of waiting forever.
 */
export class Heartbeats {
  private intervalMs = 25_000;
  private idleMs = 75_000;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastReceivedAt = Date.now();

  constructor(private readonly beat: (nowMs: number) => void, private readonly idle: (silentMs: number) => void,
              private readonly random: () => number = Math.random) {}

  frameReceived(): void {
    this.lastReceivedAt = Date.now();
  }

  /** From AuthOk. */
  configure(heartbeatMs: number, idleTimeoutMs: number): void {
    this.intervalMs = heartbeatMs > 0 ? heartbeatMs : 25_000;
    this.idleMs = idleTimeoutMs > 0 ? idleTimeoutMs : 3 * this.intervalMs;
    this.restart();
  }

  /** From JoinOk: a shorter interval while in a room. */
  roomInterval(heartbeatMs: number): void {
    if (heartbeatMs > 0 && heartbeatMs < this.intervalMs) {
      this.intervalMs = heartbeatMs;
      this.restart();
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private restart(): void {
    this.stop();
    // The first beat is spread so thousands of clients connected together do not beat together.
    this.schedule(1 + Math.floor(this.random() * this.intervalMs));
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => this.tick(), delayMs);
  }

  private tick(): void {
    const now = Date.now();
    const silent = now - this.lastReceivedAt;
    // The idle check runs at least every idle limit, whatever the beat interval.
    if (silent > this.idleMs) {
      this.timer = undefined;
      this.idle(silent);
      return;
    }
    this.beat(now);
    this.schedule(Math.min(this.intervalMs, Math.max(1, this.idleMs - silent + 1)));
  }
}
