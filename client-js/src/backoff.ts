/**
 * Jittered exponential back-off ("equal jitter"): the n-th delay is uniform in [cap/2, cap] with
 * cap = min(max, base * factor^n). The guaranteed half spreads a herd cut at once (a connector restart);
 * the random half de-synchronises it.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly factor = 2,
    private readonly random: () => number = Math.random,
  ) {
    if (baseMs <= 0 || maxMs < baseMs || factor < 1) throw new RangeError("need 0 < base <= max and factor >= 1");
  }

  /** The delay before the next attempt; each call counts one more failed attempt. */
  nextDelayMs(): number {
    const cap = this.capFor(this.attempt);
    this.attempt = Math.min(this.attempt + 1, 62);
    const half = Math.floor(cap / 2);
    return half + Math.floor(this.random() * (cap - half + 1));
  }

  /** A successful connection: the next failure starts again from the base delay. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }

  capFor(n: number): number {
    const cap = this.baseMs * Math.pow(this.factor, n);
    return cap >= this.maxMs ? this.maxMs : Math.floor(cap);
  }
}
