import type { GiftPush } from "./gen/client_pb.js";
import { newFrame } from "./codec/frames.js";
import type { Gift } from "./gen/message_pb.js";
import type { PullGiftsReply } from "./gen/gift_pb.js";
import { GiftSequencer } from "./delivery/giftSequencer.js";
import { RoomcastError } from "./errors.js";
import type { ClientHost } from "./host.js";

/** Tunables of the anchor channel; the defaults suit production, tests shorten them. */
export interface GiftChannelTiming {
  pullLimit: number;
  /** At most one gap-triggered GiftPull this often; an answer may fill the hole. */
  pullMinGapMs: number;
  /** An unanswered cursor pull (deliveredSeq -1) is sent again after this. */
  cursorPullRetryMs: number;
  /** Acks are batched: one GiftAck for everything delivered within this window. */
  ackDelayMs: number;
  /** REST fallback period while the socket is down. */
  restPollMs: number;
}

export const DEFAULT_GIFT_TIMING: GiftChannelTiming = {
  pullLimit: 200, pullMinGapMs: 1000, cursorPullRetryMs: 2000, ackDelayMs: 50, restPollMs: 2000,
};

const MAX_HELD = 10_000;

/**
 * The anchor side of one room's reliable gift channel: every gift to the app exactly once and in seq order;
 * acknowledge the highest contiguous seq (batched); pull after it on (re)join and on a gap; fall back to
 * gift-service REST while the socket is down.
 *
 * deliveredSeq -1 trusts the server's cursor, taken only from the answer to this channel's own GiftPull
 * (matched by req_id) or a REST page: both are read from the ledger with the page. A live push's acked_seq is
 * gift-service's in-memory view and may lag (0 after a restart), so adopting it would show old gifts again;
 * gifts pushed before the answer are held.
 */
export class GiftChannel {
  private readonly sequencer: GiftSequencer;
  private trustServerCursor: boolean;
  private held: Gift[] = [];
  private lastPullAt = 0;
  private lastPullReqId: bigint | undefined;
  private pullTimer: ReturnType<typeof setTimeout> | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private restTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(private readonly roomId: string, private readonly host: ClientHost, deliveredSeq: bigint,
              private readonly timing: GiftChannelTiming = DEFAULT_GIFT_TIMING) {
    this.trustServerCursor = deliveredSeq < 0n;
    this.sequencer = new GiftSequencer(deliveredSeq < 0n ? 0n : deliveredSeq);
  }

  /** Highest seq delivered with no hole below: persist it, pass it as deliveredSeq next time. */
  get contiguous(): bigint {
    return this.sequencer.contiguous;
  }

  onJoined(): void {
    this.stopRest();
    this.pull(true);
  }

  /** @param reqId the frame's req_id: our GiftPull's when this answers it, 0 for a push by gift-service */
  onPush(reqId: bigint, push: GiftPush): void {
    const answer = reqId !== 0n && reqId === this.lastPullReqId;
    let gifts = push.gifts;
    if (this.trustServerCursor) {
      if (!answer) { this.hold(gifts); return; }
      gifts = this.adoptServerCursor(push.ackedSeq, gifts);
    }
    this.accept(gifts, true);
    if (this.sequencer.hasGap) this.pull(false);
    else if (answer && push.gifts.length >= this.timing.pullLimit) this.pull(true);   // a full page: more may wait
  }

  onDisconnected(): void {
    this.clear("cursorTimer");
    if (this.restTimer === undefined && !this.closed) {
      this.restTimer = setInterval(() => this.pullOverRest(), this.timing.restPollMs);
      this.pullOverRest();
    }
  }

  /** The client stopped (terminal code): no timers, state kept for a later connect(). */
  suspend(): void {
    this.stopRest();
    this.clear("pullTimer");
    this.clear("cursorTimer");
    this.clear("ackTimer");
  }

  close(): void {
    this.closed = true;
    this.stopRest();
    this.clear("pullTimer");
    this.clear("cursorTimer");
    this.clear("ackTimer");
  }

  private hold(gifts: readonly Gift[]): void {
    // Beyond the bound they stay unacknowledged on the server and come back by a pull or re-push.
    for (const g of gifts) if (this.held.length < MAX_HELD) this.held.push(g);
  }

  private adoptServerCursor(ackedSeq: bigint, page: readonly Gift[]): Gift[] {
    this.trustServerCursor = false;
    this.clear("cursorTimer");
    this.deliver(this.sequencer.serverAcked(ackedSeq));
    const all = [...this.held, ...page];
    this.held = [];
    return all;
  }

  private accept(gifts: readonly Gift[], overSocket: boolean): void {
    this.deliver(this.sequencer.accept(gifts));
    // Ack even a pure duplicate: the server re-pushed because our previous ack was lost.
    if (overSocket && gifts.length > 0) this.scheduleAck();
  }

  /** One GiftAck per window, carrying the newest contiguous seq: 200 gifts in a burst cost a few acks. */
  private scheduleAck(): void {
    if (this.ackTimer !== undefined) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      this.host.send(newFrame({ kind: { case: "giftAck", value: { roomId: this.roomId, seq: this.sequencer.contiguous } } }));
    }, this.timing.ackDelayMs);
  }

  private pull(force: boolean): void {
    if (this.closed) return;
    const now = Date.now();
    const wait = this.lastPullAt + this.timing.pullMinGapMs - now;
    if (!force && wait > 0) {
      if (this.pullTimer === undefined) {
        this.pullTimer = setTimeout(() => {
          this.pullTimer = undefined;
          if (this.sequencer.hasGap) this.pull(false);
        }, wait);
      }
      return;
    }
    this.lastPullAt = now;
    this.lastPullReqId = this.host.nextReqId();   // the connector echoes it on the GiftPush that answers
    this.host.stats.giftPulls++;
    this.host.send(newFrame({
      reqId: this.lastPullReqId,
      kind: { case: "giftPull", value: { roomId: this.roomId, afterSeq: this.sequencer.contiguous, limit: this.timing.pullLimit } },
    }));
    if (this.trustServerCursor && this.cursorTimer === undefined) {
      this.cursorTimer = setTimeout(() => {
        this.cursorTimer = undefined;
        if (this.trustServerCursor && this.host.connected) this.pull(true);
      }, this.timing.cursorPullRetryMs);
    }
  }

  private pullOverRest(): void {
    const token = this.host.token;
    if (!token) return;
    this.host.rest.giftsAfter(this.host.options.giftUrl, this.roomId, this.sequencer.contiguous, this.timing.pullLimit, token)
      .then((r) => this.onRestPage(r, token),
        (e: unknown) => this.host.reportError(RoomcastError.client("GIFTS_UNAVAILABLE", (e as Error).message)));
  }

  private onRestPage(reply: PullGiftsReply, token: string): void {
    if (this.closed || this.restTimer === undefined) return;   // the socket is back; its pull covers this
    let gifts = reply.gifts;
    if (this.trustServerCursor) gifts = this.adoptServerCursor(reply.ackedSeq, gifts);
    const before = this.sequencer.contiguous;
    this.deliver(this.sequencer.accept(gifts));
    if (this.sequencer.contiguous > before) {
      this.host.rest.giftAck(this.host.options.giftUrl, this.roomId, this.sequencer.contiguous, token).catch(() => {
        /* the next ack (socket or REST) carries a higher seq */
      });
    }
  }

  private deliver(ready: Gift[]): void {
    if (ready.length === 0) return;
    this.host.stats.giftsDelivered += ready.length;
    this.host.deliverGifts(this.roomId, ready);
  }

  private stopRest(): void {
    if (this.restTimer !== undefined) {
      clearInterval(this.restTimer);
      this.restTimer = undefined;
    }
  }

  private clear(name: "pullTimer" | "cursorTimer" | "ackTimer"): void {
    const t = this[name];
    if (t !== undefined) {
      clearTimeout(t);
      this[name] = undefined;
    }
  }
}
