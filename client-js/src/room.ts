import type { JoinOk } from "./gen/client_pb.js";
import type { Message } from "./gen/message_pb.js";
import type { PollReply } from "./gen/mailbox_pb.js";
import { Backoff } from "./backoff.js";
import { MessageDeduplicator } from "./delivery/dedup.js";
import { RoomcastError } from "./errors.js";
import type { ClientHost } from "./host.js";
import type { GiftChannel } from "./gifts.js";

export type RoomState = "joining" | "joined" | "left";

const MAX_PENDING = 2000;
/**
 * The mailbox's largest poll limit: a poll takes everything that waits (20 msgs/s x a 2.5 s interval is 50
 * already), so a full answer, which costs a range read from PostgreSQL to fill in, stays the exception.
 */
const POLL_LIMIT = 200;
/** Tries of a mailbox range read before the gap is reported (about 0.5 + 1 + 2 + 4 s of waiting). */
const RECOVERY_ATTEMPTS = 5;
/** Settle polls after a switch back to push: at most this many, this far apart when an answer is not full. */
const SETTLE_ATTEMPTS = 20;
/** The generation of a gap fill: never the newest recovery, so it holds no live messages back. */
const GAP_FILL = -1;
const SETTLE_RETRY_MS = 500;
const RECOVERY_RETRY_MS = 500;

/**
 * One room the app is in: de-duplication, recent history on entering, recovery from the mailbox after a
 * reconnect, and polling (asked by the server, or while the connection is down). While history or recovery
 * is read, live messages wait, so the app sees persisted history first, never interleaved.
 */
export class RoomChannel {
  state: RoomState = "joining";
  onlineCount = 0n;
  private readonly dedup: MessageDeduplicator;
  private readonly joinBackoff: Backoff;
  private pending: Message[] = [];
  private entered = false;
  private recovering = false;
  private pollInFlight = false;
  private recoveryGeneration = 0;
  private historyUrl: string;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private pollCursor = 0n;
  private pollRequested = false;   // SwitchToPolling from the server, until SwitchToPush
  private previousPollCursor = 0n; // before the last poll answer: the switch-back settle starts here
  /** After a switch back to push: the settle polls' cursor (undefined: not settling), the lowest msgId pushed since. */
  private settleCursor: bigint | undefined;
  private lowestPushedSinceSwitch: bigint | undefined;
  private settleAttempt = 0;
  private settleEmptyAnswers = 0;
  private pollIntervalMs = 2000;
  private joinRetryTimer: ReturnType<typeof setTimeout> | undefined;
  /** req_id of a Join on the current connection not answered yet. */
  joinReqId: bigint | undefined;
  joinedOnServer = false;
  private joinWaiters: { resolve: (n: bigint) => void; reject: (e: Error) => void }[] = [];

  constructor(readonly roomId: string, private readonly host: ClientHost, readonly gifts: GiftChannel | undefined,
              private readonly sendJoin: (room: RoomChannel) => void) {
    this.dedup = new MessageDeduplicator(host.options.dedupWindow);
    this.joinBackoff = new Backoff(host.options.backoffBaseMs, host.options.backoffMaxMs, 2, host.options.random);
    this.historyUrl = host.options.mailboxUrl;
  }

  get lastMsgId(): bigint {
    return this.dedup.highestMsgId;
  }

  get polling(): boolean {
    return this.pollTimer !== undefined;
  }

  /** Resolves with the online count at the first JoinOk; rejects when refused for good or left first. */
  whenJoined(): Promise<bigint> {
    if (this.state === "joined") return Promise.resolve(this.onlineCount);
    return new Promise((resolve, reject) => this.joinWaiters.push({ resolve, reject }));
  }

  onJoinOk(ok: JoinOk): void {
    this.joinedOnServer = true;
    this.state = "joined";
    this.onlineCount = ok.onlineCount;
    this.joinBackoff.reset();
    if (ok.pollIntervalMs > 0) this.pollIntervalMs = ok.pollIntervalMs;
    if (ok.historyUrl) this.historyUrl = ok.historyUrl;
    this.pollRequested = false;   // a room still polled is switched again right after this JoinOk
    this.stopPolling();
    for (const w of this.joinWaiters.splice(0)) w.resolve(ok.onlineCount);
    const { options, rest, token } = this.host;
    if (!this.entered) {
      this.entered = true;
      if (options.recentHistoryLimit > 0) {
        this.recover(() => rest.recent(this.historyUrl, this.roomId, options.recentHistoryLimit, token).then((r) => r.messages));
      }
    } else {
      const from = this.dedup.highestMsgId;
      this.recover(() => this.readAfter(from, options.recoveryMaxPages, []));
    }
    this.gifts?.onJoined();
  }

  /**
   * Refused with a "not now" code: join again after a jittered, growing delay; the server's retry_after_ms is
   * a floor plus up to half of it as jitter, so viewers refused together do not come back together.
   */
  retryJoinLater(retryAfterMs: number): void {
    this.cancelJoinRetry();
    this.host.stats.joinRetries++;
    let delay = this.joinBackoff.nextDelayMs();
    if (retryAfterMs > 0) {
      delay = Math.max(delay, retryAfterMs + Math.floor(this.host.options.random() * Math.max(1, retryAfterMs / 2)));
    }
    this.joinRetryTimer = setTimeout(() => {
      this.joinRetryTimer = undefined;
      if (this.state !== "left" && this.host.connected && this.joinReqId === undefined) this.sendJoin(this);
    }, Math.max(1, delay));
  }

  /** Refused for good (bad room, not allowed, too many rooms). */
  fail(error: RoomcastError): void {
    for (const w of this.joinWaiters.splice(0)) w.reject(error);
    this.close();
  }

  onLive(messages: Message[]): void {
    if (this.settleCursor !== undefined) {
      for (const m of messages) {
        if (m.msgId > 0n && (this.lowestPushedSinceSwitch === undefined || m.msgId < this.lowestPushedSinceSwitch)) {
          this.lowestPushedSinceSwitch = m.msgId;
        }
      }
    }
    if (this.recovering) {
      this.pending.push(...messages);
      // Persisted ones among the dropped come back with the range recovery.
      if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
      return;
    }
    this.deliver(messages, false);
  }

  /**
   * The server moved the room to polling: no more of its blocks come. Polling starts at once from the server's
   * cursor (below anything not pushed to us): the mailbox answers from its hot window, below any msgId still on
   * its way, and what we already hold is dropped by msgId. A backlog above the poll limit comes oldest first
   * (catchUp) and is polled on at once; only an answer older than the hot window is filled in from the timeline,
   * beside the polls: nothing waits for the timeline.
   * True when this moved the room (false when the server had already switched it).
   */
  switchToPolling(intervalMs: number, cursor: bigint): boolean {
    if (intervalMs > 0) this.pollIntervalMs = intervalMs;
    const switched = !this.pollRequested;
    this.pollRequested = true;
    const from = cursor > 0n ? cursor : this.dedup.highestMsgId;
    // Set, not raised: a cursor left from an earlier polling spell is older than what was pushed since. A
    // repeated frame (already polling) keeps the cursor polling has reached.
    if (switched || !this.polling) {
      this.stopPolling();
      this.pollCursor = from;
      this.startPolling();
    }
    return switched;
  }

  /**
   * The room is pushed again: blocks flow from the frame on. Polling stops; `settleMs` later the messages persisted
   * between the last poll and the first pushed block are fetched by settle polls from the last poll's cursor
   * (catch-up, from the hot window: they answer below any msgId still on its way, which a timeline read would not
   * see yet), until the cursor reaches the lowest msgId pushed since. Pushed messages are not held back meanwhile.
   * A quiet room (nothing pushed) stops after two empty answers; a mailbox that does not answer in
   * SETTLE_ATTEMPTS tries leaves it to one timeline read. True when this moved the room.
   */
  switchToPush(settleMs: number): boolean {
    if (!this.pollRequested && !this.polling) return false;
    this.pollRequested = false;
    // One poll interval back: an append committed after a later msgId was polled is read too.
    const from = this.previousPollCursor > 0n ? this.previousPollCursor : this.pollCursor > 0n ? this.pollCursor : this.dedup.highestMsgId;
    this.stopPolling();
    this.settleCursor = from;
    this.lowestPushedSinceSwitch = undefined;
    this.settleAttempt = 0;
    this.settleEmptyAnswers = 0;
    setTimeout(() => this.settlePoll(), Math.max(1, settleMs));
    return true;
  }

  private settlePoll(): void {
    if (this.settleCursor === undefined || this.state === "left" || this.pollRequested) {
      this.settleCursor = undefined;
      return;
    }
    if (++this.settleAttempt > SETTLE_ATTEMPTS) {
      const from = this.settleCursor;
      this.settleCursor = undefined;
      this.fillIn(from);
      return;
    }
    this.host.stats.polls++;
    const sent = this.settleCursor;
    this.host.rest.poll(this.historyUrl, this.roomId, sent, POLL_LIMIT, this.host.token).then((reply) => {
      if (this.settleCursor === undefined || this.pollRequested || this.state === "left") return;
      this.deliver(reply.messages, true);
      if (reply.clamped && sent > 0n) {
        this.settleCursor = undefined;
        this.fillIn(sent);                       // older than the hot window: the timeline has it
        return;
      }
      if (reply.nextCursor > this.settleCursor) this.settleCursor = reply.nextCursor;
      this.settleEmptyAnswers = reply.messages.length === 0 ? this.settleEmptyAnswers + 1 : 0;
      const lowest = this.lowestPushedSinceSwitch;
      if (lowest !== undefined && this.settleCursor >= lowest - 1n) {
        this.settleCursor = undefined;           // caught up with the push: nothing between is missing
      } else if (lowest === undefined && this.settleEmptyAnswers >= 2) {
        this.settleCursor = undefined;           // a quiet room: nothing pushed, nothing more to read
      } else if (reply.messages.length >= POLL_LIMIT) {
        this.settlePoll();
      } else {
        setTimeout(() => this.settlePoll(), SETTLE_RETRY_MS);
      }
    }, () => {
      if (this.settleCursor === undefined) return;
      this.host.stats.pollFailures++;
      setTimeout(() => this.settlePoll(), SETTLE_RETRY_MS);
    });
  }

  onDisconnected(): void {
    this.joinedOnServer = false;
    this.joinReqId = undefined;
    if (this.state === "joined") this.state = "joining";
    if (this.host.options.pollWhileDisconnected && this.entered) this.startPolling();
    this.gifts?.onDisconnected();
  }

  /** The client stopped for good (terminal code): no polling or retries; joined again by the next connect(). */
  suspend(): void {
    this.joinedOnServer = false;
    this.joinReqId = undefined;
    if (this.state === "joined") this.state = "joining";
    this.cancelJoinRetry();
    this.stopPolling();
    this.gifts?.suspend();
  }

  close(): void {
    this.state = "left";
    this.cancelJoinRetry();
    this.stopPolling();
    this.gifts?.close();
    for (const w of this.joinWaiters.splice(0)) w.reject(RoomcastError.client("CLOSED", `left room ${this.roomId}`));
  }

  /**
   * Reads what the room's timeline holds that this viewer lacks, then lets the live messages held meanwhile
   * through. A failed read is tried again after a growing, jittered delay (a busy mailbox answers later; a
   * read given up leaves a gap nothing fills), even when a newer read started meanwhile (it begins at a later
   * cursor). `then` runs once the read succeeded or was given up.
   */
  private recover(read: () => Promise<Message[]>, then?: () => void): void {
    this.recoverAttempt(read, then, 1, ++this.recoveryGeneration);
  }

  private recoverAttempt(read: () => Promise<Message[]>, then: (() => void) | undefined, attempt: number, generation: number): void {
    if (generation === this.recoveryGeneration) this.recovering = true;   // live messages wait behind the newest read only
    read().then(
      (messages) => {
        if (this.state === "left") return;
        this.deliver(messages, true);
        this.afterRecovery(generation, then);
      },
      (e: unknown) => {
        if (this.state === "left") return;
        if (attempt < RECOVERY_ATTEMPTS) {
          this.host.stats.recoveryRetries++;
          setTimeout(() => { if (this.state !== "left") this.recoverAttempt(read, then, attempt + 1, generation); }, this.retryDelay(attempt));
          return;
        }
        this.host.reportError(RoomcastError.client("HISTORY_UNAVAILABLE", `room ${this.roomId}: ${(e as Error).message}`));
        this.afterRecovery(generation, then);
      });
  }

  /**
   * A gap fill: reads the timeline after `cursor` like a recovery (paged, retried) but without holding live
   * messages back: what it brings is older than they are, and a slow timeline must not delay the room.
   */
  private fillIn(cursor: bigint): void {
    this.recoverAttempt(() => this.readAfter(cursor, this.host.options.recoveryMaxPages, []), undefined, 1, GAP_FILL);
  }

  private retryDelay(attempt: number): number {
    return RECOVERY_RETRY_MS * 2 ** (attempt - 1) + Math.floor(this.host.options.random() * RECOVERY_RETRY_MS);
  }

  private afterRecovery(generation: number, then: (() => void) | undefined): void {
    if (generation === this.recoveryGeneration) {
      this.recovering = false;
      this.flushPending();
    }
    then?.();
  }

  private flushPending(): void {
    const live = this.pending;
    this.pending = [];
    this.deliver(live, false);
  }

  private async readAfter(cursor: bigint, pagesLeft: number, acc: Message[]): Promise<Message[]> {
    const { options, rest, token } = this.host;
    const page = await rest.after(this.historyUrl, `room:${this.roomId}`, cursor, options.recoveryPageSize, token);
    acc.push(...page.messages);
    let next = page.nextCursor > cursor ? page.nextCursor : cursor;
    for (const m of page.messages) if (m.msgId > next) next = m.msgId;
    if (page.hasMore && pagesLeft > 1 && next > cursor) return this.readAfter(next, pagesLeft - 1, acc);
    return acc;
  }

  private startPolling(): void {
    if (this.pollTimer !== undefined) return;
    if (this.pollCursor === 0n) this.pollCursor = this.dedup.highestMsgId;
    this.pollTimer = setInterval(() => this.pollOnce(), this.pollIntervalMs);
    this.pollOnce();
  }

  private stopPolling(): void {
    if (this.pollTimer !== undefined) {
      clearInterval(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  /** One poll from the current cursor; none while the previous one is unanswered (a slow mailbox gets fewer). */
  private pollOnce(): void {
    if (this.pollInFlight) return;
    this.pollInFlight = true;
    this.host.stats.polls++;
    const sent = this.pollCursor;
    this.host.rest.poll(this.historyUrl, this.roomId, sent, POLL_LIMIT, this.host.token)
      .then((r) => { this.pollInFlight = false; this.onPoll(r, sent); },
        () => { this.pollInFlight = false; this.host.stats.pollFailures++; /* the next tick polls again from the same cursor */ });
  }

  /** `before`: the cursor the poll was sent with (the range reads below start there). */
  private onPoll(reply: PollReply, before: bigint): void {
    if (this.pollTimer === undefined) return;   // back on push meanwhile; the reconnect recovery covers it
    this.previousPollCursor = before;
    if (reply.nextCursor > this.pollCursor) this.pollCursor = reply.nextCursor;
    this.deliver(reply.messages, false);
    // The answer starts past the cursor (older than the mailbox's hot window): the range read fills in the
    // rest, beside the next polls. A full answer is the oldest part of a backlog (catchUp): poll on at once.
    if (before > 0n && reply.clamped) this.fillIn(before);
    else if (reply.messages.length >= POLL_LIMIT) setTimeout(() => { if (this.pollTimer !== undefined) this.pollOnce(); }, 0);
    if (reply.pollIntervalMs > 0 && reply.pollIntervalMs !== this.pollIntervalMs) {
      this.pollIntervalMs = reply.pollIntervalMs;
      clearInterval(this.pollTimer);
      this.pollTimer = setInterval(() => this.pollOnce(), this.pollIntervalMs);
    }
  }

  private deliver(messages: readonly Message[], fromHistory: boolean): void {
    const fresh: Message[] = [];
    for (const m of messages) {
      if (this.dedup.firstSeen(m.msgId)) fresh.push(m);
      else this.host.stats.duplicates++;
    }
    if (fresh.length === 0) return;
    if (fromHistory) this.host.stats.recovered += fresh.length;
    this.host.deliverMessages(this.roomId, fresh);
  }

  private cancelJoinRetry(): void {
    if (this.joinRetryTimer !== undefined) {
      clearTimeout(this.joinRetryTimer);
      this.joinRetryTimer = undefined;
    }
  }
}
