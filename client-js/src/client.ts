import { ErrorCode, type AuthOk, type Frame, type JoinOk, type SwitchToPolling } from "./gen/client_pb.js";
import { PayloadFormat, type Block, type Gift, type Message } from "./gen/message_pb.js";
import { Backoff } from "./backoff.js";
import { BlockDecoder } from "./codec/blockDecoder.js";
import { decodeFrame, encodeFrame, newFrame } from "./codec/frames.js";
import { Emitter } from "./emitter.js";
import { classify, isRetryableRequest, RoomcastError } from "./errors.js";
import { DEFAULT_GIFT_TIMING, GiftChannel, type GiftChannelTiming } from "./gifts.js";
import { Heartbeats } from "./heartbeats.js";
import { newStats, type ClientHost, type ClientStats } from "./host.js";
import { RestApi } from "./net/rest.js";
import { OPEN, type WebSocketLike } from "./net/websocket.js";
import { resolveOptions, type ClientOptions, type ResolvedOptions } from "./options.js";
import { RoomChannel, type RoomState } from "./room.js";
import { zstdWasmDecompressor } from "./zstd/decompressor.js";
import { DictionaryCache } from "./zstd/dictionaries.js";

export type ConnectionState = "disconnected" | "connecting" | "connected";

export interface ClientEvents {
  /** The connection's state; `detail` says why (e.g. the close reason that started a reconnect). */
  state: (state: ConnectionState, detail: string) => void;
  connected: (info: { userId: string; connectorId: string; connectionId: string }) => void;
  /** A room's state: joining (also while re-joining after a reconnect), joined, left. */
  room: (roomId: string, state: RoomState) => void;
  joined: (roomId: string, onlineCount: bigint) => void;
  /** New messages of a room (or of `global` / `user:{id}`), each once: pushed, polled, history or recovered alike. */
  messages: (roomId: string, messages: Message[]) => void;
  /** Anchor: gifts in seq order, each exactly once. */
  gifts: (roomId: string, gifts: Gift[]) => void;
  error: (error: RoomcastError) => void;
  /** The server moved a room to short polling (SwitchToPolling) or back to push (SwitchToPush); messages keep coming either way. */
  delivery: (roomId: string, mode: "push" | "poll") => void;
  block: (info: { mcastId: string; wireBytes: number; uncompressedBytes: number; messageCount: number; compressed: boolean; createdAtMs: bigint;
    compactPayload: boolean }) => void;
}

export interface JoinOptions {
  /** Anchor only: also join the reliable gift channel. */
  gifts?: {
    /** Highest seq the app already showed (persisted by it); -1 (default) trusts the server's ack cursor. */
    deliveredSeq?: bigint;
    timing?: Partial<GiftChannelTiming>;
  };
}

/**
 * A Roomcast connection: dispatcher -> connector WebSocket -> Auth -> Join per room, kept alive by heartbeats
 * and re-established with jittered exponential back-off; each room's messages reach the app once, in order
 * of arrival, with history on entering and recovery after a reconnect.
 */
export class RoomcastClient extends Emitter<ClientEvents> {
  readonly options: ResolvedOptions;
  readonly rest: RestApi;
  readonly stats: ClientStats = newStats();
  readonly dictionaries: DictionaryCache;
  private readonly decoder: BlockDecoder;
  private readonly backoff: Backoff;
  private readonly heartbeats: Heartbeats;
  private readonly rooms = new Map<string, RoomChannel>();
  private readonly pendingJoins = new Map<bigint, RoomChannel>();
  private socket: WebSocketLike | undefined;
  private connState: ConnectionState = "disconnected";
  private currentConnector: string | undefined;
  private avoidConnector: string | undefined;
  private reqIds = 0n;
  private closed = true;
  private attemptTimer: ReturnType<typeof setTimeout> | undefined;
  private authTimer: ReturnType<typeof setTimeout> | undefined;
  private blockChain: Promise<void> = Promise.resolve();
  private blocksWaiting = 0;
  private currentToken: string | undefined;

  constructor(options: ClientOptions) {
    super();
    this.options = resolveOptions(options);
    this.currentToken = this.options.token;
    this.rest = new RestApi(this.options.fetch);
    this.dictionaries = this.options.dictionaries
      ?? new DictionaryCache((id) => this.rest.dictionary(this.options.dispatcherUrl, id));
    const wasmUrl = this.options.zstdWasmUrl;
    this.decoder = new BlockDecoder(this.options.decompressor ?? (() => zstdWasmDecompressor(wasmUrl)), this.dictionaries);
    this.backoff = new Backoff(this.options.backoffBaseMs, this.options.backoffMaxMs, 2, this.options.random);
    this.heartbeats = new Heartbeats(
      (now) => this.send(newFrame({ kind: { case: "heartbeat", value: { clientTimeMs: BigInt(now) } } })),
      (silentMs) => this.drop(RoomcastError.client("IDLE", `nothing received for ${silentMs} ms`), -1),
      this.options.random);
  }

  get state(): ConnectionState {
    return this.connState;
  }

  get connected(): boolean {
    return this.connState === "connected";
  }

  get token(): string | undefined {
    return this.currentToken;
  }

  roomState(roomId: string): RoomState {
    return this.rooms.get(roomId)?.state ?? "left";
  }

  /** The anchor's gift cursor of a room (highest contiguous seq delivered), for the app to persist. */
  giftCursor(roomId: string): bigint | undefined {
    return this.rooms.get(roomId)?.gifts?.contiguous;
  }

  connect(): void {
    if (!this.closed) return;
    this.closed = false;
    this.attempt();
  }

  /** Joins a room (again after every reconnect, until left); resolves with the online count at the join. */
  join(roomId: string, opts: JoinOptions = {}): Promise<bigint> {
    if (!roomId) return Promise.reject(RoomcastError.server(ErrorCode.BAD_ROOM, "empty room id"));
    const existing = this.rooms.get(roomId);
    if (existing) return existing.whenJoined();
    const gifts = opts.gifts
      ? new GiftChannel(roomId, this, opts.gifts.deliveredSeq ?? -1n, { ...DEFAULT_GIFT_TIMING, ...opts.gifts.timing })
      : undefined;
    const room = new RoomChannel(roomId, this, gifts, (r) => this.sendJoin(r));
    this.rooms.set(roomId, room);
    this.emit("room", roomId, "joining");
    const joined = room.whenJoined();
    if (this.connected) this.sendJoin(room);
    return joined;
  }

  /**
   * Leaves a room. The server hears of it only if it holds the membership: a Leave sent while the Join is in
   * flight would be refused and the Join would then land (a ghost member), so it goes when the answer comes.
   */
  leave(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    this.rooms.delete(roomId);
    room.close();
    if (room.joinedOnServer && room.joinReqId === undefined) this.sendLeave(roomId);
    this.emit("room", roomId, "left");
  }

  /** Closes the connection and every room; no more attempts until connect(). */
  close(): void {
    this.closed = true;
    this.clearTimers();
    this.heartbeats.stop();
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
    this.closeSocket(1000, "closed by the application");
    this.setState("disconnected", "closed by the application");
  }

  // ---- ClientHost ----

  nextReqId(): bigint {
    return ++this.reqIds;
  }

  send(frame: Frame): void {
    const ws = this.socket;
    if (ws && this.connState === "connected" && ws.readyState === OPEN) ws.send(encodeFrame(frame, this.options.format));
  }

  deliverMessages(roomId: string, messages: Message[]): void {
    this.stats.messagesDelivered += messages.length;
    this.emit("messages", roomId, messages);
  }

  deliverGifts(roomId: string, gifts: Gift[]): void {
    this.emit("gifts", roomId, gifts);
  }

  reportError(error: RoomcastError): void {
    this.emit("error", error);
  }

  // ---- connection lifecycle ----

  private async attempt(): Promise<void> {
    this.attemptTimer = undefined;
    if (this.closed) return;
    this.setState("connecting", "connecting");
    let url: string;
    try {
      url = await this.resolveEndpoint();
    } catch (e) {
      this.retryLater(RoomcastError.client("CONNECT_FAILED", `dispatcher: ${(e as Error).message}`), -1);
      return;
    }
    if (this.closed) return;
    const Ctor = this.options.WebSocket ?? (globalThis as { WebSocket?: ClientOptions["WebSocket"] }).WebSocket;
    if (!Ctor) {
      this.terminate(RoomcastError.client("CONNECT_FAILED", "no WebSocket implementation: pass options.WebSocket (e.g. the ws package)"));
      return;
    }
    let ws: WebSocketLike;
    try {
      const json = this.options.format === "json";
      ws = new Ctor(json ? url + (url.includes("?") ? "&" : "?") + "format=json" : url);
    } catch (e) {
      this.retryLater(RoomcastError.client("CONNECT_FAILED", (e as Error).message), -1);
      return;
    }
    this.socket = ws;
    ws.binaryType = "arraybuffer";
    ws.onopen = () => { if (this.socket === ws) this.authenticate(ws); };
    ws.onmessage = (ev) => { if (this.socket === ws) this.onData(ev.data); };
    ws.onclose = (ev) => { if (this.socket === ws) this.onSocketClosed(ev.code, ev.reason); };
    ws.onerror = () => { /* a close event follows and carries the code */ };
  }

  private async resolveEndpoint(): Promise<string> {
    if (this.options.endpoint) {
      this.currentConnector = "fixed";
      return this.options.endpoint;
    }
    const first = this.rooms.keys().next();
    const list = await this.rest.dispatch(this.options.dispatcherUrl, first.done ? undefined : first.value, this.currentToken);
    if (list.length === 0) throw new Error("dispatcher listed no connector");
    // Only the drained connector left: still better than none.
    const chosen = list.find((e) => e.connectorId !== this.avoidConnector) ?? list[0]!;
    this.currentConnector = chosen.connectorId;
    return chosen.wsUrl;
  }

  private authenticate(ws: WebSocketLike): void {
    const token = this.currentToken;
    const frame = newFrame({
      reqId: this.nextReqId(),
      kind: { case: "auth", value: {
        ...(token ? { token } : { deviceId: this.options.deviceId }),
        clientVersion: this.options.clientVersion,
        // Plain blocks are always read; the compact form only over binary frames (JSON prints the payload as bytes).
        payloadFormats: this.options.compactBlocks && this.options.format === "binary" ? [PayloadFormat.PAYLOAD_COMPACT] : [],
      } },
    });
    ws.send(encodeFrame(frame, this.options.format));
    this.heartbeats.frameReceived();
    this.authTimer = setTimeout(() => {
      if (this.socket === ws && this.connState === "connecting") {
        this.drop(RoomcastError.client("AUTH_TIMEOUT", `no AuthOk within ${this.options.authTimeoutMs} ms`), -1);
      }
    }, this.options.authTimeoutMs);
  }

  private onData(data: unknown): void {
    this.heartbeats.frameReceived();
    let decoded: { frame: Frame; wireBytes: number };
    try {
      decoded = decodeFrame(data);
    } catch (e) {
      this.stats.decodeErrors++;
      this.emit("error", RoomcastError.client("DECODE_FAILED", `frame: ${(e as Error).message}`));
      return;
    }
    this.handle(decoded.frame, decoded.wireBytes);
  }

  /** The only place that knows every server frame kind. */
  private handle(frame: Frame, wireBytes: number): void {
    const k = frame.kind;
    switch (k.case) {
      case "authOk": return this.authenticated(k.value);
      case "joinOk": return this.joinOk(frame.reqId, k.value);
      case "block": return this.onBlock(k.value, wireBytes);
      case "giftPush": {
        this.rooms.get(k.value.roomId)?.gifts?.onPush(frame.reqId, k.value);
        return;
      }
      case "error": return this.onServerError(frame.reqId, k.value.code, k.value.message, k.value.retryAfterMs);
      case "kick": return this.onServerError(frame.reqId, k.value.code || ErrorCode.KICKED, `kicked: ${k.value.reason}`, 0);
      case "reconnect": {
        this.avoidConnector = this.currentConnector;
        this.drop(RoomcastError.server(k.value.code || ErrorCode.RECONNECT, `server asked to reconnect: ${k.value.reason}`),
          Math.max(0, k.value.delayMs));
        return;
      }
      case "switchToPolling": return this.switchToPolling(k.value);
      case "switchToPush": {
        const room = this.rooms.get(k.value.roomId);
        if (room?.switchToPush(k.value.settleMs)) {
          this.stats.switchesToPush++;
          this.emit("delivery", room.roomId, "push");
        }
        return;
      }
      case "refresh": {
        if (k.value.graceMs > 0) void this.refreshToken();
        return;
      }
      default:
        // Heartbeat echoes and LeaveOk need nothing beyond the liveness already noted.
        return;
    }
  }

  private authenticated(ok: AuthOk): void {
    clearTimeout(this.authTimer);
    this.pendingJoins.clear();
    this.backoff.reset();
    this.avoidConnector = undefined;
    this.stats.connects++;
    this.heartbeats.configure(ok.heartbeatIntervalMs, ok.idleTimeoutMs);
    this.setState("connected", `connected to ${this.currentConnector}`);
    this.emit("connected", { userId: ok.userId, connectorId: ok.connectorId, connectionId: ok.connectionId });
    for (const room of this.rooms.values()) this.sendJoin(room);
  }

  private sendJoin(room: RoomChannel): void {
    const reqId = this.nextReqId();
    this.pendingJoins.set(reqId, room);
    room.joinReqId = reqId;
    this.send(newFrame({
      reqId,
      kind: { case: "join", value: { roomId: room.roomId, lastMsgId: room.lastMsgId, giftChannel: room.gifts !== undefined } },
    }));
  }

  private sendLeave(roomId: string): void {
    this.send(newFrame({ kind: { case: "leave", value: { roomId } } }));
  }

  /** The JoinOk goes to the channel whose Join it answers; a room left meanwhile is left on the server now. */
  private joinOk(reqId: bigint, ok: JoinOk): void {
    this.heartbeats.roomInterval(ok.heartbeatIntervalMs);
    const answered = this.pendingJoins.get(reqId);
    this.pendingJoins.delete(reqId);
    if (answered) answered.joinReqId = undefined;
    const room = answered ?? this.rooms.get(ok.roomId);
    if (!room || this.rooms.get(room.roomId) !== room) {
      if (!this.rooms.has(ok.roomId)) this.sendLeave(ok.roomId);
      return;
    }
    room.onJoinOk(ok);
    this.emit("room", room.roomId, "joined");
    this.emit("joined", room.roomId, ok.onlineCount);
  }

  private onServerError(reqId: bigint, code: number, message: string, retryAfterMs: number): void {
    const error = RoomcastError.server(code, message, retryAfterMs);
    switch (classify(code)) {
      case "request": {
        const failed = this.pendingJoins.get(reqId);
        if (failed) {
          this.pendingJoins.delete(reqId);
          failed.joinReqId = undefined;
          if (this.rooms.get(failed.roomId) === failed) {
            if (isRetryableRequest(code)) {
              failed.retryJoinLater(retryAfterMs);   // "not now": the app stays in the room, the join goes again
            } else {
              this.rooms.delete(failed.roomId);
              failed.fail(error);
              this.emit("room", failed.roomId, "left");
            }
          }
        }
        this.emit("error", error);
        return;
      }
      case "reconnect":
        if (code === ErrorCode.RECONNECT || code === ErrorCode.SHUTDOWN) this.avoidConnector = this.currentConnector;
        this.drop(error, -1);
        return;
      case "terminal":
        this.onTerminal(error);
    }
  }

  private onSocketClosed(code: number, reason: string): void {
    this.socket = undefined;
    const error = code >= 4000 && code < 5000
      ? RoomcastError.server(code, reason || "closed by the server")
      : RoomcastError.client("CONNECT_FAILED", `connection closed (${code}${reason ? ` ${reason}` : ""})`);
    if (error.errorClass === "terminal") this.onTerminal(error);
    else this.retryLater(error, -1);
  }

  /** TOKEN_EXPIRED with a getToken: fetch a new token and reconnect; any other terminal code ends the client. */
  private onTerminal(error: RoomcastError): void {
    if (error.code === ErrorCode.TOKEN_EXPIRED && this.options.getToken) {
      this.emit("error", error);
      this.closeSocket(1000, "token expired");
      this.options.getToken().then(
        (token) => { this.currentToken = token; this.retryLater(error, -1); },
        (e: unknown) => this.terminate(RoomcastError.server(ErrorCode.TOKEN_EXPIRED, `getToken failed: ${(e as Error).message}`)));
      return;
    }
    this.terminate(error);
  }

  /** The server asks for a new token (Refresh with a grace): answer Refresh{token} from getToken. */
  private async refreshToken(): Promise<void> {
    if (!this.options.getToken) return;   // without one the server closes with TOKEN_EXPIRED after its grace
    try {
      const token = await this.options.getToken();
      if (!token) return;
      this.currentToken = token;
      this.send(newFrame({ reqId: this.nextReqId(), kind: { case: "refresh", value: { token } } }));
    } catch (e) {
      this.emit("error", RoomcastError.server(ErrorCode.TOKEN_EXPIRED, `getToken failed: ${(e as Error).message}`));
    }
  }

  private switchToPolling(s: SwitchToPolling): void {
    for (const room of this.rooms.values()) {
      if (s.roomId && s.roomId !== room.roomId) continue;
      if (room.switchToPolling(s.pollIntervalMs, s.cursor)) {
        this.stats.switchesToPoll++;
        this.emit("delivery", room.roomId, "poll");
      }
    }
  }

  private onBlock(block: Block, wireBytes: number): void {
    this.stats.blocks++;
    this.stats.wireBytes += wireBytes;
    this.emit("block", { mcastId: block.mcastId, wireBytes, uncompressedBytes: block.uncompressedSize,
      messageCount: block.messageCount, compressed: block.codec !== 0, createdAtMs: block.createdAtMs,
      compactPayload: block.payloadFormat === PayloadFormat.PAYLOAD_COMPACT });
    if (this.blocksWaiting >= this.options.maxPendingBlocks) {
      // Persisted messages among the dropped come back by recovery or polling.
      this.stats.blocksDropped++;
      return;
    }
    this.blocksWaiting++;
    // Blocks decode in arrival order: one waiting for its dictionary holds back those behind it.
    this.blockChain = this.blockChain
      .then(() => this.decoder.decode(block))
      .then((messages) => this.route(block.mcastId, messages), (e: unknown) => {
        this.stats.decodeErrors++;
        this.emit("error", e instanceof RoomcastError ? e : RoomcastError.client("DECODE_FAILED", String(e)));
      })
      .finally(() => { this.blocksWaiting--; });
  }

  private route(mcastId: string, messages: Message[]): void {
    const room = mcastId.startsWith("room:") ? this.rooms.get(mcastId.slice(5)) : undefined;
    if (room) room.onLive(messages);
    else if (messages.length > 0 && !mcastId.startsWith("room:")) this.deliverMessages(mcastId, messages);
  }

  /** Ends the current connection and schedules the next attempt (after delayMs when the server named one). */
  private drop(error: RoomcastError, delayMs: number): void {
    this.closeSocket(1000, error.kind);
    this.retryLater(error, delayMs);
  }

  private retryLater(error: RoomcastError, delayMs: number): void {
    this.heartbeats.stop();
    clearTimeout(this.authTimer);
    if (this.closed) return;
    this.emit("error", error);
    this.setState("connecting", error.message);
    for (const room of this.rooms.values()) {
      const wasJoined = room.state === "joined";
      room.onDisconnected();
      if (wasJoined) this.emit("room", room.roomId, "joining");
    }
    const delay = delayMs >= 0 ? delayMs + Math.floor(this.options.random() * 250) : this.backoff.nextDelayMs();
    clearTimeout(this.attemptTimer);
    this.attemptTimer = setTimeout(() => void this.attempt(), Math.max(1, delay));
  }

  private terminate(error: RoomcastError): void {
    this.closed = true;
    this.clearTimers();
    this.heartbeats.stop();
    this.closeSocket(1000, error.kind);
    for (const room of this.rooms.values()) room.suspend();
    this.emit("error", error);
    this.setState("disconnected", error.message);
  }

  private closeSocket(code: number, reason: string): void {
    const ws = this.socket;
    this.socket = undefined;
    if (ws) {
      try { ws.close(code, reason.slice(0, 100)); } catch { /* already closing */ }
    }
  }

  private clearTimers(): void {
    clearTimeout(this.attemptTimer);
    clearTimeout(this.authTimer);
    this.attemptTimer = undefined;
  }

  private setState(next: ConnectionState, detail: string): void {
    if (this.connState !== next) {
      this.connState = next;
      this.emit("state", next, detail);
    }
  }
}

// Compile-time check that the client satisfies what rooms and gift channels need from it.
const _host: (c: RoomcastClient) => ClientHost = (c) => c;
void _host;
