/**
 * Remembers the msgIds a room delivered, so one persisted message arriving by push, poll, recent history and
 * recovery reaches the app once. Blocks carry messages in priority order, not id order, so "below the highest
 * id" is not "seen": the window keeps the last `capacity` ids; an id at or below the oldest evicted one counts
 * as seen (a duplicate is worse than a late drop of something that old). msgId 0 (transient: PK, online
 * count, aggregates) always passes.
 */
export class MessageDeduplicator {
  private readonly seen = new Set<bigint>();
  private readonly ring: bigint[] = [];
  private ringHead = 0;
  private floor = 0n;
  private highest = 0n;

  constructor(private readonly capacity: number) {
    if (capacity < 1) throw new RangeError("capacity must be positive");
  }

  /** True when the message is new and must be delivered; records it. */
  firstSeen(msgId: bigint): boolean {
    if (msgId <= 0n) return true;
    if (msgId <= this.floor || this.seen.has(msgId)) return false;
    if (this.ring.length === this.capacity) {
      const evicted = this.ring[this.ringHead]!;
      this.seen.delete(evicted);
      if (evicted > this.floor) this.floor = evicted;
      this.ring[this.ringHead] = msgId;
      this.ringHead = (this.ringHead + 1) % this.capacity;
    } else {
      this.ring.push(msgId);
    }
    this.seen.add(msgId);
    if (msgId > this.highest) this.highest = msgId;
    return true;
  }

  /** The highest persisted msgId delivered: the cursor for recovery from the mailbox. */
  get highestMsgId(): bigint {
    return this.highest;
  }

  get size(): number {
    return this.seen.size;
  }
}
