import type { Gift } from "../gen/message_pb.js";

/**
 * The anchor's view of one room's dense gift sequence: every gift once and in order, whatever mix of pushes,
 * re-pushes, pulls and REST pages brings it. `contiguous` is the highest seq with no hole below (what the
 * anchor acknowledges and pulls after); gifts above a hole wait, bounded, until it is filled.
 */
export class GiftSequencer {
  private readonly waiting = new Map<bigint, Gift>();
  private contiguousSeq: bigint;

  constructor(alreadyDelivered: bigint, private readonly maxBuffered = 10_000) {
    this.contiguousSeq = alreadyDelivered < 0n ? 0n : alreadyDelivered;
  }

  /** Accepts gifts in any order; returns those now deliverable, in sequence order, each once. */
  accept(gifts: readonly Gift[]): Gift[] {
    for (const gift of gifts) {
      const seq = gift.seq;
      if (seq <= this.contiguousSeq || this.waiting.has(seq)) continue;   // re-push or overlapping pull
      if (this.waiting.size >= this.maxBuffered) {
        // A full buffer means the hole is old: keep the lowest seqs; the rest stay unacknowledged on the
        // server and come back by a later pull, so nothing is lost.
        const highest = this.highestWaiting();
        if (seq > highest) continue;
        this.waiting.delete(highest);
      }
      this.waiting.set(seq, gift);
    }
    return this.drain();
  }

  /** The server's cursor read from its ledger is ahead (another session of this anchor showed them). */
  serverAcked(ackedSeq: bigint): Gift[] {
    if (ackedSeq > this.contiguousSeq) {
      this.contiguousSeq = ackedSeq;
      for (const seq of [...this.waiting.keys()]) if (seq <= ackedSeq) this.waiting.delete(seq);
    }
    return this.drain();
  }

  get contiguous(): bigint {
    return this.contiguousSeq;
  }

  /** A gift above a hole waits: pull after `contiguous`. */
  get hasGap(): boolean {
    return this.waiting.size > 0;
  }

  get buffered(): number {
    return this.waiting.size;
  }

  private drain(): Gift[] {
    const ready: Gift[] = [];
    for (let next = this.waiting.get(this.contiguousSeq + 1n); next; next = this.waiting.get(this.contiguousSeq + 1n)) {
      this.waiting.delete(next.seq);
      this.contiguousSeq = next.seq;
      ready.push(next);
    }
    return ready;
  }

  private highestWaiting(): bigint {
    let max = -1n;
    for (const seq of this.waiting.keys()) if (seq > max) max = seq;
    return max;
  }
}
