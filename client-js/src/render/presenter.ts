import { MessageType, type Message } from "../gen/message_pb.js";

/** What the page draws; the presenter decides what and when. */
export interface Renderer {
  danmaku(m: Message): void;
  gift(m: Message): void;
  /** The newest PK state per PK (conflate key); older states of the same PK are never drawn. */
  pk(m: Message): void;
  online(m: Message): void;
  /** Everything else (enter, like, notify, system, ...): drawn as it comes, like gifts. */
  other?(m: Message): void;
}

export interface PresenterOptions {
  /** Danmaku drawn per animation frame at most. */
  maxDanmakuPerFrame?: number;
  /** Danmaku drawing stops once a frame has spent this long (gifts, PK and count are drawn regardless). */
  frameBudgetMs?: number;
  /** Danmaku waiting at most; beyond, the lowest priority (then oldest) is skipped. */
  maxQueuedDanmaku?: number;
  /** Danmaku older than this when its turn comes is skipped: late chat reads as noise. */
  maxDanmakuAgeMs?: number;
  now?: () => number;
}

export interface PresenterStats {
  drawnDanmaku: number;
  drawnGifts: number;
  skippedOverflow: number;
  skippedStale: number;
  /** PK states and online counts replaced by a newer one before they were drawn. */
  replaced: number;
}

interface Queued { m: Message; at: number; seq: number }

/**
 * Priority-aware rendering for a live room: call `push` with the client's messages and `frame` from
 * requestAnimationFrame. Per frame: every gift (paid: never skipped), the newest PK state and online count only,
 * then at most N danmaku by priority within the time budget. What it skips it counts.
 */
export class Presenter {
  readonly stats: PresenterStats = { drawnDanmaku: 0, drawnGifts: 0, skippedOverflow: 0, skippedStale: 0, replaced: 0 };
  private readonly opts: Required<PresenterOptions>;
  private danmaku: Queued[] = [];
  private gifts: Message[] = [];
  private others: Message[] = [];
  private readonly pks = new Map<string, Message>();
  private online: Message | undefined;
  private seq = 0;

  constructor(private readonly renderer: Renderer, options: PresenterOptions = {}) {
    this.opts = { maxDanmakuPerFrame: 8, frameBudgetMs: 4, maxQueuedDanmaku: 300, maxDanmakuAgeMs: 10_000,
      now: () => (globalThis.performance ?? Date).now(), ...options };
  }

  push(messages: readonly Message[]): void {
    const now = this.opts.now();
    for (const m of messages) {
      switch (m.type) {
        case MessageType.GIFT: this.gifts.push(m); break;
        case MessageType.PK: {
          const key = m.conflateKey || "pk";
          if (this.pks.has(key)) this.stats.replaced++;
          this.pks.set(key, m);
          break;
        }
        case MessageType.ONLINE_COUNT:
          if (this.online) this.stats.replaced++;
          this.online = m;
          break;
        case MessageType.CHAT: this.enqueueDanmaku(m, now); break;
        default: this.others.push(m);
      }
    }
  }

  /** Draws one animation frame's worth. */
  frame(): void {
    const r = this.renderer;
    for (const g of this.gifts.splice(0)) { r.gift(g); this.stats.drawnGifts++; }
    for (const o of this.others.splice(0)) r.other?.(o);
    for (const pk of this.pks.values()) r.pk(pk);
    this.pks.clear();
    if (this.online) { r.online(this.online); this.online = undefined; }
    const start = this.opts.now();
    // Highest priority first; equal priority in arrival order.
    this.danmaku.sort((a, b) => b.m.priority - a.m.priority || a.seq - b.seq);
    let drawn = 0;
    while (this.danmaku.length > 0 && drawn < this.opts.maxDanmakuPerFrame) {
      const now = this.opts.now();
      if (drawn > 0 && now - start >= this.opts.frameBudgetMs) break;
      const next = this.danmaku.shift()!;
      if (now - next.at > this.opts.maxDanmakuAgeMs) { this.stats.skippedStale++; continue; }
      r.danmaku(next.m);
      drawn++;
      this.stats.drawnDanmaku++;
    }
  }

  get queuedDanmaku(): number {
    return this.danmaku.length;
  }

  private enqueueDanmaku(m: Message, now: number): void {
    this.danmaku.push({ m, at: now, seq: this.seq++ });
    if (this.danmaku.length <= this.opts.maxQueuedDanmaku) return;
    // Drop the lowest priority, the oldest among equals.
    let victim = 0;
    for (let i = 1; i < this.danmaku.length; i++) {
      const a = this.danmaku[i]!, v = this.danmaku[victim]!;
      if (a.m.priority < v.m.priority || (a.m.priority === v.m.priority && a.seq < v.seq)) victim = i;
    }
    this.danmaku.splice(victim, 1);
    this.stats.skippedOverflow++;
  }
}
