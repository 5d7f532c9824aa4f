import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";
import { create, fromBinary, fromJsonString, toBinary, toJson, toJsonString, type MessageInitShape } from "@bufbuild/protobuf";
import { FrameSchema, type Frame } from "../../src/gen/client_pb.js";
import { BlockPayloadSchema, Codec, GiftSchema, MessageSchema, MessageType, type Gift, type Message } from "../../src/gen/message_pb.js";
import { MessagesReplySchema, PollReplySchema } from "../../src/gen/mailbox_pb.js";
import { PullGiftsReplySchema } from "../../src/gen/gift_pb.js";

type FrameInit = MessageInitShape<typeof FrameSchema>;

/** One client connection as the fake connector sees it. */
export class Conn {
  readonly received: Frame[] = [];
  readonly rooms = new Set<string>();
  readonly openedAt = Date.now();
  constructor(readonly ws: WebSocket, readonly json: boolean) {}

  sendRaw(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  send(init: FrameInit): void {
    const frame = create(FrameSchema, init);
    this.ws.send(this.json ? toJsonString(FrameSchema, frame) : toBinary(FrameSchema, frame));
  }
}

/**
 * A Roomcast in one Node process, speaking the real wire format: connector (WebSocket, binary or JSON),
 * dispatcher, mailbox REST, gift REST, dictionaries. Behaviour is scripted per test through the hooks.
 * (The Java client's tests use the same design: client/src/test/.../LocalRoomcast.java.)
 */
export class LocalRoomcast {
  private http!: Server;
  private wss!: WebSocketServer;
  readonly conns: Conn[] = [];
  /** Persisted messages per room (the mailbox). */
  readonly mailbox = new Map<string, Message[]>();
  /** The gift ledger per room and the anchor's ack cursor. */
  readonly gifts = new Map<string, Gift[]>();
  readonly giftAcked = new Map<string, bigint>();
  readonly restAcks: bigint[] = [];
  dictionaries = new Map<number, Uint8Array>();
  dictionaryDownloads = 0;
  requests: string[] = [];
  /** Answer a Join: return a Frame init (JoinOk or Error) or undefined for the default JoinOk. */
  onJoin: (conn: Conn, frame: Frame) => FrameInit | undefined = () => undefined;
  /** Answer Auth; default AuthOk with short heartbeats. */
  authOk: (conn: Conn, frame: Frame) => FrameInit | undefined = (_c, f) => ({
    reqId: f.reqId, kind: { case: "authOk", value: { userId: "u1", heartbeatIntervalMs: 300, idleTimeoutMs: 3000, connectorId: "c1", connectionId: `conn-${this.conns.length}` } },
  });
  /** Connectors the dispatcher lists after this one (least loaded first). */
  otherConnectors: { connectorId: string; wsUrl: string }[] = [];
  echoHeartbeats = true;
  /** Mailbox range reads to refuse with 503 before answering again (a mailbox busy with a big room's switch). */
  failRangeReads = 0;
  /** Polls to refuse with 503 (a busy mailbox). */
  failPolls = 0;
  /** Timeline range reads (after=) asked for, refused ones included. */
  rangeReads = 0;
  /** Messages the poll endpoint looks at, newest last (mailbox-service's hot window); an older cursor is clamped. */
  hotWindow = Number.MAX_SAFE_INTEGER;
  answerGiftPulls = true;
  port = 0;
  httpPort = 0;

  async start(): Promise<this> {
    this.http = createServer((req, res) => this.route(req, res));
    await new Promise<void>((r) => this.http.listen(0, "127.0.0.1", r));
    this.httpPort = (this.http.address() as AddressInfo).port;
    this.wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise<void>((r) => this.wss.once("listening", r));
    this.port = (this.wss.address() as AddressInfo).port;
    this.wss.on("connection", (ws, req) => this.accept(ws, (req.url ?? "").includes("format=json")));
    return this;
  }

  get baseUrl(): string { return `http://127.0.0.1:${this.httpPort}`; }
  get wsUrl(): string { return `ws://127.0.0.1:${this.port}/ws`; }

  async stop(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.http.closeAllConnections();
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  /** Frames of one kind every connection received from the client. */
  framesOf(kind: Frame["kind"]["case"]): Frame[] {
    return this.conns.flatMap((c) => c.received.filter((f) => f.kind.case === kind));
  }

  get open(): Conn[] {
    return this.conns.filter((c) => c.ws.readyState === c.ws.OPEN);
  }

  /** Persists (when msgId > 0) and pushes messages to the room's members as one block. */
  publish(roomId: string, messages: Message[], opts: { persist?: boolean; push?: boolean; zstd?: (raw: Uint8Array) => { payload: Uint8Array; dictionaryId: number } } = {}): void {
    if (opts.persist ?? true) {
      const list = this.mailbox.get(roomId) ?? [];
      list.push(...messages.filter((m) => m.msgId > 0n));
      this.mailbox.set(roomId, list);
    }
    if (!(opts.push ?? true)) return;
    const raw = toBinary(BlockPayloadSchema, create(BlockPayloadSchema, { messages }));
    const packed = opts.zstd?.(raw);
    for (const c of this.open) {
      if (!c.rooms.has(roomId)) continue;
      c.send({ kind: { case: "block", value: {
        mcastId: `room:${roomId}`, codec: packed ? Codec.ZSTD : Codec.NONE, dictionaryId: packed?.dictionaryId ?? 0,
        messageCount: messages.length, payload: packed?.payload ?? raw, uncompressedSize: raw.length } } });
    }
  }

  /** Records gifts in the ledger and pushes the chosen ones to anchors in the room's gift channel. */
  addGifts(roomId: string, count: number, opts: { push?: (g: Gift) => boolean } = {}): Gift[] {
    const ledger = this.gifts.get(roomId) ?? [];
    const added: Gift[] = [];
    for (let i = 0; i < count; i++) {
      const seq = BigInt(ledger.length + 1);
      const g = create(GiftSchema, { roomId, seq, orderId: `o-${seq}`, giftName: "rose", count: 1, unitValue: 10n, totalValue: 10n });
      ledger.push(g);
      added.push(g);
    }
    this.gifts.set(roomId, ledger);
    const pushed = added.filter((g) => opts.push?.(g) ?? true);
    if (pushed.length) this.pushGifts(roomId, pushed);
    return added;
  }

  pushGifts(roomId: string, gifts: Gift[], reqId = 0n): void {
    for (const c of this.open) {
      if (!c.rooms.has(`gift:${roomId}`)) continue;
      c.send({ reqId, kind: { case: "giftPush", value: { roomId, gifts, ackedSeq: this.giftAcked.get(roomId) ?? 0n } } });
    }
  }

  closeAll(code: number, reason = ""): void {
    for (const c of this.open) c.ws.close(code, reason);
  }

  private accept(ws: WebSocket, json: boolean): void {
    const conn = new Conn(ws, json);
    this.conns.push(conn);
    ws.on("message", (data, isBinary) => {
      const frame = isBinary ? fromBinary(FrameSchema, new Uint8Array(data as Buffer)) : fromJsonString(FrameSchema, data.toString());
      conn.received.push(frame);
      this.onFrame(conn, frame);
    });
  }

  private onFrame(conn: Conn, f: Frame): void {
    const k = f.kind;
    switch (k.case) {
      case "auth": {
        const reply = this.authOk(conn, f);
        if (reply) conn.send(reply);
        return;
      }
      case "join": {
        const reply = this.onJoin(conn, f) ?? { reqId: f.reqId, kind: { case: "joinOk", value: {
          roomId: k.value.roomId, onlineCount: 7n, historyUrl: this.baseUrl, pollIntervalMs: 100, giftChannel: k.value.giftChannel } } };
        if (reply.kind?.case === "joinOk") {
          conn.rooms.add(k.value.roomId);
          if (k.value.giftChannel) conn.rooms.add(`gift:${k.value.roomId}`);
        }
        conn.send(reply);
        return;
      }
      case "leave":
        conn.rooms.delete(k.value.roomId);
        conn.send({ kind: { case: "leaveOk", value: { roomId: k.value.roomId } } });
        return;
      case "heartbeat":
        if (this.echoHeartbeats) conn.send({ kind: { case: "heartbeat", value: { clientTimeMs: k.value.clientTimeMs, serverTimeMs: BigInt(Date.now()) } } });
        return;
      case "giftPull": {
        if (!this.answerGiftPulls) return;
        const ledger = this.gifts.get(k.value.roomId) ?? [];
        const page = ledger.filter((g) => g.seq > k.value.afterSeq).slice(0, k.value.limit || 200);
        conn.send({ reqId: f.reqId, kind: { case: "giftPush", value: { roomId: k.value.roomId, gifts: page, ackedSeq: this.giftAcked.get(k.value.roomId) ?? 0n } } });
        return;
      }
      case "giftAck": {
        const prev = this.giftAcked.get(k.value.roomId) ?? 0n;
        if (k.value.seq > prev) this.giftAcked.set(k.value.roomId, k.value.seq);
        return;
      }
      default:
    }
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", this.baseUrl);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const json = (body: unknown) => { res.writeHead(200, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
    let m: RegExpMatchArray | null;
    if (url.pathname === "/v1/dispatch") return json({ connectors: [{ connectorId: "c1", wsUrl: this.wsUrl }, ...this.otherConnectors] });
    if ((m = url.pathname.match(/^\/v1\/dictionaries\/(-?\d+)$/))) {
      const bytes = this.dictionaries.get(Number(m[1]));
      this.dictionaryDownloads++;
      if (!bytes) { res.writeHead(404); res.end('{"code":"UNKNOWN_DICTIONARY"}'); return; }
      res.writeHead(200, { "content-type": "application/octet-stream", etag: `"${createHash("sha256").update(bytes).digest("hex")}"` });
      res.end(Buffer.from(bytes));
      return;
    }
    if ((m = url.pathname.match(/^\/v1\/rooms\/([^/]+)\/messages\/recent$/))) {
      const list = this.mailbox.get(decodeURIComponent(m[1]!)) ?? [];
      const limit = Number(url.searchParams.get("limit") ?? 20);
      return json(toJson(MessagesReplySchema, create(MessagesReplySchema, { messages: list.slice(-limit) })));
    }
    if ((m = decodeURIComponent(url.pathname).match(/^\/v1\/mailboxes\/room:([^/]+)\/messages$/))) {
      this.rangeReads++;
      if (this.failRangeReads > 0) {
        this.failRangeReads--;
        res.writeHead(503, { "content-type": "application/json" });
        res.end('{"code":"UNAVAILABLE","message":"busy"}');
        return;
      }
      const after = BigInt(url.searchParams.get("after") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 200);
      const rest = (this.mailbox.get(decodeURIComponent(m[1]!)) ?? []).filter((x) => x.msgId > after);
      const page = rest.slice(0, limit);
      return json(toJson(MessagesReplySchema, create(MessagesReplySchema, {
        messages: page, hasMore: rest.length > limit, nextCursor: page.at(-1)?.msgId ?? after })));
    }
    if ((m = url.pathname.match(/^\/v1\/rooms\/([^/]+)\/poll$/))) {
      if (this.failPolls > 0) {
        this.failPolls--;
        res.writeHead(503, { "content-type": "application/json" });
        res.end('{"code":"OVERLOADED","message":"busy"}');
        return;
      }
      const cursor = BigInt(url.searchParams.get("cursor") ?? 0);
      const all = this.mailbox.get(decodeURIComponent(m[1]!)) ?? [];
      const window = all.slice(Math.max(0, all.length - this.hotWindow));
      const floor = all.length > this.hotWindow ? window[0]!.msgId - 1n : 0n;
      const clamped = cursor > 0n && cursor < floor;
      const page = window.filter((x) => x.msgId > cursor).slice(0, Number(url.searchParams.get("limit") ?? 50));
      return json(toJson(PollReplySchema, create(PollReplySchema, { messages: page, nextCursor: page.at(-1)?.msgId ?? cursor,
        pollIntervalMs: 100, clamped })));
    }
    if ((m = url.pathname.match(/^\/v1\/rooms\/([^/]+)\/gifts$/))) {
      const roomId = decodeURIComponent(m[1]!);
      const after = BigInt(url.searchParams.get("afterSeq") ?? 0);
      const page = (this.gifts.get(roomId) ?? []).filter((g) => g.seq > after).slice(0, Number(url.searchParams.get("limit") ?? 200));
      return json(toJson(PullGiftsReplySchema, create(PullGiftsReplySchema, { gifts: page, ackedSeq: this.giftAcked.get(roomId) ?? 0n })));
    }
    if ((m = url.pathname.match(/^\/v1\/rooms\/([^/]+)\/gifts\/ack$/)) && req.method === "POST") {
      const roomId = decodeURIComponent(m[1]!);
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const seq = BigInt((JSON.parse(body) as { seq: number }).seq);
        this.restAcks.push(seq);
        if (seq > (this.giftAcked.get(roomId) ?? 0n)) this.giftAcked.set(roomId, seq);
        json({ ackedSeq: String(this.giftAcked.get(roomId)) });
      });
      return;
    }
    res.writeHead(404);
    res.end();
  }
}

export function chat(roomId: string, msgId: number, body = `m${msgId}`): Message {
  return create(MessageSchema, { roomId, msgId: BigInt(msgId), type: MessageType.CHAT, body, priority: 100 });
}

/** Resolves when the predicate holds; fails the test after the timeout with what was seen. */
export async function eventually(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The typed value of a frame of a known kind. */
export function valueOf<C extends NonNullable<Frame["kind"]["case"]>>(f: Frame, c: C): Extract<Frame["kind"], { case: C }>["value"] {
  if (f.kind.case !== c) throw new Error(`expected ${c}, got ${f.kind.case}`);
  return f.kind.value as never;
}
