import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { RoomcastClient, type ConnectionState } from "../../src/client.js";
import type { ClientOptions } from "../../src/options.js";
import { ErrorCode } from "../../src/gen/client_pb.js";
import { PayloadFormat, type Gift, type Message } from "../../src/gen/message_pb.js";
import { readFileSync } from "node:fs";
import { RoomcastError } from "../../src/errors.js";
import { LocalRoomcast, chat, eventually, valueOf } from "../support/localRoomcast.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: Partial<ClientOptions> = {}) {
  const server = await new LocalRoomcast().start();
  const client = new RoomcastClient({
    dispatcherUrl: server.baseUrl, mailboxUrl: server.baseUrl, giftUrl: server.baseUrl,
    WebSocket: WebSocket as unknown as ClientOptions["WebSocket"], backoffBaseMs: 20, backoffMaxMs: 100, ...opts,
  });
  const seen: Message[] = [];
  const states: ConnectionState[] = [];
  const errors: RoomcastError[] = [];
  client.on("messages", (_room, ms) => seen.push(...ms));
  client.on("state", (s) => states.push(s));
  client.on("error", (e) => errors.push(e));
  cleanups.push(() => server.stop(), () => client.close());
  return { server, client, seen, states, errors, ids: () => seen.map((m) => Number(m.msgId)) };
}

test("enters a room through the dispatcher: history first, then live, each message once", async () => {
  const { server, client, ids, states } = await setup();
  server.publish("42", [chat("42", 1), chat("42", 2), chat("42", 3)], { push: false });
  client.connect();
  assert.equal(await client.join("42"), 7n);
  await eventually(() => ids().length === 3, "history");
  server.publish("42", [chat("42", 3), chat("42", 4)]);   // 3 overlaps history
  await eventually(() => ids().length === 4, "live");
  assert.deepEqual(ids(), [1, 2, 3, 4]);
  assert.deepEqual(states, ["connecting", "connected"]);
  assert.equal(client.roomState("42"), "joined");
  assert.ok(server.requests.some((r) => r.startsWith("GET /v1/dispatch?roomId=") || r === "GET /v1/dispatch"));
  assert.equal(client.stats.duplicates, 1);
});

test("reconnects after SLOW and recovers what it missed from the last msgId, without duplicates", async () => {
  // Polling while down is off here so that the range recovery alone must bring 3 and 4.
  const { server, client, ids, states } = await setup({ recentHistoryLimit: 0, pollWhileDisconnected: false });
  client.connect();
  await client.join("r");
  server.publish("r", [chat("r", 1), chat("r", 2)]);
  await eventually(() => ids().length === 2, "first live");
  server.closeAll(ErrorCode.SLOW, "slow");
  server.publish("r", [chat("r", 3), chat("r", 4)], { push: false });   // persisted while the client is away
  await eventually(() => server.framesOf("join").length === 2, "re-join");
  assert.equal(valueOf(server.framesOf("join")[1]!, "join").lastMsgId, 2n, "Join carries the last msgId");
  await eventually(() => ids().length === 4, "recovered");
  assert.ok(server.requests.includes("GET /v1/mailboxes/room%3Ar/messages?after=2&limit=200"), server.requests.join("\n"));
  server.publish("r", [chat("r", 4), chat("r", 5)]);
  await eventually(() => ids().length === 5, "live after recovery");
  assert.deepEqual(ids(), [1, 2, 3, 4, 5]);
  assert.deepEqual(states, ["connecting", "connected", "connecting", "connected"]);
});

test("stops for good on a terminal code and says why", async () => {
  const { server, client, states, errors } = await setup();
  client.connect();
  await client.join("t");
  server.closeAll(ErrorCode.BANNED, "banned");
  await eventually(() => client.state === "disconnected", "disconnected");
  const requests = server.requests.length;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(server.conns.length, 1, "no reconnect");
  assert.deepEqual(server.requests.slice(requests), [], "no polling either");
  assert.deepEqual(states, ["connecting", "connected", "disconnected"]);
  const last = errors.at(-1)!;
  assert.equal(last.kind, "BANNED");
  assert.equal(last.errorClass, "terminal");
});

test("reconnects with growing, jittered delays while the connector refuses", async () => {
  const { server, client } = await setup({ backoffBaseMs: 40, backoffMaxMs: 400, random: () => 0 });
  server.authOk = (c) => { c.ws.close(ErrorCode.CONNECTION_LIMIT, "full"); return undefined; };
  client.connect();
  await eventually(() => server.conns.length >= 4, "four attempts");
  client.close();
  // random 0 = the lower edge of equal jitter: 20, 40, 80 ms after each refusal.
  const times = server.conns.slice(0, 4).map((c) => c.openedAt);
  const d = times.slice(1).map((t, i) => t - times[i]!);
  assert.ok(d[0]! >= 20 && d[1]! >= 40 && d[2]! >= 80, `delays grow: ${d.join(",")}`);
  assert.equal(client.state, "disconnected");
});

test("answers the server's Refresh with a token from getToken", async () => {
  let asked = 0;
  const { server, client } = await setup({ token: "t1", getToken: async () => `t${++asked + 1}` });
  client.connect();
  await eventually(() => client.connected, "connected");
  server.open[0]!.send({ kind: { case: "refresh", value: { expiresAtMs: BigInt(Date.now()), graceMs: 5000 } } });
  await eventually(() => server.framesOf("refresh").length === 1, "refresh answered");
  assert.equal(valueOf(server.framesOf("refresh")[0]!, "refresh").token, "t2");
  assert.equal(client.token, "t2");
  // The server's confirmation (no grace) asks nothing.
  server.open[0]!.send({ kind: { case: "refresh", value: { expiresAtMs: BigInt(Date.now() + 60_000) } } });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(server.framesOf("refresh").length, 1);
  assert.equal(valueOf(server.framesOf("auth")[0]!, "auth").token, "t1");
});

test("after TOKEN_EXPIRED it fetches a new token and reconnects with it", async () => {
  const { server, client } = await setup({ token: "old", getToken: async () => "new" });
  client.connect();
  await eventually(() => client.connected, "connected");
  server.closeAll(ErrorCode.TOKEN_EXPIRED, "expired");
  await eventually(() => server.framesOf("auth").length === 2 && client.connected, "reconnected");
  assert.equal(valueOf(server.framesOf("auth")[1]!, "auth").token, "new");
});

test("sends heartbeats and reconnects when the server goes silent", async () => {
  const { server, client } = await setup();
  server.authOk = (_c, f) => ({ reqId: f.reqId, kind: { case: "authOk", value: { heartbeatIntervalMs: 50, idleTimeoutMs: 300 } } });
  client.connect();
  await eventually(() => server.framesOf("heartbeat").length >= 2, "heartbeats");
  server.echoHeartbeats = false;   // a dead link: nothing comes back, no close either
  await eventually(() => server.conns.length === 2, "reconnect after idle", 3000);
});

test("a join refused UNAVAILABLE is retried on the same connection; NOT_ALLOWED fails the join", async () => {
  const { server, client } = await setup();
  let refusals = 0;
  server.onJoin = (_c, f) => {
    const room = valueOf(f, "join").roomId;
    if (room === "busy" && refusals++ < 2) return { reqId: f.reqId, kind: { case: "error", value: { code: ErrorCode.UNAVAILABLE, message: "later", retryAfterMs: 10 } } };
    if (room === "vip") return { reqId: f.reqId, kind: { case: "error", value: { code: ErrorCode.NOT_ALLOWED, message: "no" } } };
    return undefined;
  };
  client.connect();
  assert.equal(await client.join("busy"), 7n);
  assert.equal(client.stats.joinRetries, 2);
  assert.equal(server.conns.length, 1);
  await assert.rejects(client.join("vip"), (e: unknown) => e instanceof RoomcastError && e.kind === "NOT_ALLOWED" && e.errorClass === "request");
  assert.equal(client.roomState("vip"), "left");
});

test("polls the mailbox after SwitchToPolling; the app sees the same messages event", async () => {
  const { server, client, ids } = await setup({ recentHistoryLimit: 0 });
  const modes: string[] = [];
  client.on("delivery", (room, mode) => modes.push(`${room}:${mode}`));
  client.connect();
  await client.join("p");
  server.publish("p", [chat("p", 1)]);
  await eventually(() => ids().length === 1, "pushed");
  server.open[0]!.send({ kind: { case: "switchToPolling", value: { roomId: "p", pollIntervalMs: 50, cursor: 1n } } });
  server.publish("p", [chat("p", 2), chat("p", 3)], { push: false });
  await eventually(() => ids().length === 3, "polled");
  assert.deepEqual(ids(), [1, 2, 3]);
  // Polling starts at once from the server's cursor (the hot window answers; no timeline read), then goes on.
  assert.ok(server.requests.some((r) => r.startsWith("GET /v1/rooms/p/poll?cursor=1")), server.requests.join("\n"));
  assert.ok(!server.requests.some((r) => r.startsWith("GET /v1/mailboxes/room%3Ap/messages?after=")), server.requests.join("\n"));
  await eventually(() => server.requests.some((r) => r.startsWith("GET /v1/rooms/p/poll?cursor=3")), "polls on");
  // A repeated SwitchToPolling (another connector of the room, a re-sent frame) is not a second switch.
  server.open[0]!.send({ kind: { case: "switchToPolling", value: { roomId: "p", pollIntervalMs: 50, cursor: 3n } } });

  // Back to push: polling stops, the settle read fills the gap, blocks flow again; each message once.
  server.publish("p", [chat("p", 4)], { push: false });
  server.open[0]!.send({ kind: { case: "switchToPush", value: { roomId: "p", settleMs: 20 } } });
  server.publish("p", [chat("p", 5)]);
  await eventually(() => ids().length === 5, "settle read + push");
  assert.deepEqual([...ids()].sort((a, b) => a - b), [1, 2, 3, 4, 5]);
  assert.deepEqual(modes, ["p:poll", "p:push"], "one delivery event per switch");
  assert.equal(client.stats.switchesToPoll, 1);
  assert.equal(client.stats.switchesToPush, 1);
});

test("after the switch back, pushed messages flow at once while settle polls the busy mailbox refuses are tried again", async () => {
  const { server, client, ids } = await setup({ recentHistoryLimit: 0 });
  client.connect();
  await client.join("b");
  server.publish("b", [chat("b", 1)]);
  await eventually(() => ids().length === 1, "pushed");
  server.open[0]!.send({ kind: { case: "switchToPolling", value: { roomId: "b", pollIntervalMs: 50, cursor: 1n } } });
  server.publish("b", [chat("b", 2)], { push: false });
  await eventually(() => ids().length === 2, "polled");
  server.publish("b", [chat("b", 3)], { push: false });            // persisted between the last poll and the push
  server.open[0]!.send({ kind: { case: "switchToPush", value: { roomId: "b", settleMs: 20 } } });
  server.failPolls = 2;
  server.publish("b", [chat("b", 4)]);
  await eventually(() => ids().includes(4), "pushed without waiting for the settle");
  await eventually(() => ids().length === 4, "settle poll after two refusals");
  assert.deepEqual([...ids()].sort((a, b) => a - b), [1, 2, 3, 4]);
  assert.ok(client.stats.pollFailures >= 2);
  assert.equal(server.rangeReads, 0, "the settle reads the hot window, not the timeline");
});

test("a poll clamped to the mailbox's hot window is filled in from the range", async () => {
  const { server, client, ids } = await setup({ recentHistoryLimit: 0 });
  client.connect();
  await client.join("h");
  server.publish("h", [chat("h", 1)]);
  await eventually(() => ids().length === 1, "pushed");
  server.open[0]!.send({ kind: { case: "switchToPolling", value: { roomId: "h", pollIntervalMs: 300, cursor: 1n } } });
  await eventually(() => server.requests.some((r) => r.startsWith("GET /v1/rooms/h/poll")), "polling");
  server.hotWindow = 2;
  server.publish("h", [chat("h", 2), chat("h", 3), chat("h", 4), chat("h", 5), chat("h", 6)], { push: false });
  await eventually(() => ids().length === 6, "filled in");
  assert.deepEqual([...ids()].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
});

test("speaks protobuf JSON frames in JSON mode", async () => {
  const { server, client, ids } = await setup({ format: "json", recentHistoryLimit: 0 });
  client.connect();
  await client.join("j");
  assert.equal(server.conns[0]!.json, true);
  server.publish("j", [chat("j", 9, "json ✓")]);
  await eventually(() => ids().length === 1, "json block");
});

test("leaving while the Join is in flight sends the Leave once the answer comes", async () => {
  const { server, client } = await setup();
  let hold: (() => void) | undefined;
  server.onJoin = (c, f) => {
    hold = () => c.send({ reqId: f.reqId, kind: { case: "joinOk", value: { roomId: "x" } } });
    return { kind: { case: "heartbeat", value: {} } };   // answer later
  };
  client.connect();
  await eventually(() => client.connected, "connected");
  const joined = client.join("x");
  await eventually(() => hold !== undefined, "join sent");
  client.leave("x");
  await assert.rejects(joined, (e: unknown) => e instanceof RoomcastError && e.kind === "CLOSED");
  assert.equal(server.framesOf("leave").length, 0, "no Leave before the Join is answered");
  hold!();
  await eventually(() => server.framesOf("leave").length === 1, "Leave after the JoinOk");
});

test("anchor: 200 gifts exactly once and in order through gaps, re-pushes, a disconnect and REST", async () => {
  const { server, client } = await setup({ token: "anchor" });
  const got: Gift[] = [];
  client.on("gifts", (_r, gs) => got.push(...gs));
  client.connect();
  await client.join("a", { gifts: { deliveredSeq: 0n, timing: { pullMinGapMs: 20, restPollMs: 50, ackDelayMs: 20 } } });
  server.addGifts("a", 50, { push: (g) => g.seq % 7n !== 0n });                // holes: every 7th is lost
  server.pushGifts("a", server.gifts.get("a")!.slice(0, 10));                   // and a re-push
  await eventually(() => got.length === 50, "first 50 through GiftPull");
  server.closeAll(ErrorCode.SLOW);
  server.answerGiftPulls = false;
  server.addGifts("a", 50, { push: () => false });                              // only REST can bring these now
  await eventually(() => got.length === 100, "REST fallback while down");
  server.answerGiftPulls = true;
  await eventually(() => client.connected, "back");
  server.addGifts("a", 100);
  server.pushGifts("a", server.gifts.get("a")!.slice(90, 120));                 // overlap after reconnect
  await eventually(() => got.length === 200, "all 200");
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(got.map((g) => Number(g.seq)), Array.from({ length: 200 }, (_, i) => i + 1));
  assert.equal(client.giftCursor("a"), 200n);
  await eventually(() => server.giftAcked.get("a") === 200n, "acked to 200");
  const acks = server.framesOf("giftAck").length;
  assert.ok(acks < 40, `acks are batched (${acks} GiftAck frames for 200 gifts)`);
  assert.ok(server.restAcks.length > 0, "REST page acknowledged over REST");
});

test("anchor trusting the server's cursor ignores a stale live push and starts after the ledger's cursor", async () => {
  const { server, client } = await setup({ token: "anchor" });
  server.addGifts("s", 5, { push: () => false });
  server.giftAcked.set("s", 3n);   // a previous session showed 1-3
  const got: Gift[] = [];
  client.on("gifts", (_r, gs) => got.push(...gs));
  let pulls = 0;
  server.answerGiftPulls = false;
  client.connect();
  client.join("s", { gifts: { timing: { cursorPullRetryMs: 100 } } });
  await eventually(() => server.framesOf("giftPull").length >= 1, "cursor pull");
  // A live push with gift-service's lagging view (cursor 0) arrives before the pull's answer.
  server.pushGifts("s", server.gifts.get("s")!.slice(0, 5));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(got.length, 0, "held until the cursor is known");
  server.answerGiftPulls = true;   // the retried pull is answered
  await eventually(() => got.length === 2, "4 and 5");
  pulls = server.framesOf("giftPull").length;
  assert.ok(pulls >= 2);
  assert.deepEqual(got.map((g) => Number(g.seq)), [4, 5]);
});

test("decodes Java-compressed dictionary blocks in arrival order, downloading the dictionary once", async () => {
  const { readFileSync } = await import("node:fs");
  const { dictionaryIdOf } = await import("../../src/zstd/decompressor.js");
  const dict = new Uint8Array(readFileSync(new URL("../../../scheduler/src/main/resources/dev/roomcast/scheduler/roomcast-blocks.zdict", import.meta.url)));
  const fixture = new Uint8Array(readFileSync(new URL("../fixtures/block-zstd-dict.frame.bin", import.meta.url)));
  const { server, client, ids } = await setup({ recentHistoryLimit: 0 });
  server.dictionaries.set(dictionaryIdOf(dict)!, dict);
  client.connect();
  await client.join("fixture");
  for (let i = 0; i < 5; i++) server.open[0]!.sendRaw(fixture);   // all arrive before the dictionary does
  server.publish("fixture", [chat("fixture", 2000)]);             // an uncompressed block behind them
  await eventually(() => ids().length === 41, "decoded");
  assert.deepEqual(ids(), [...Array.from({ length: 40 }, (_, i) => 1001 + i), 2000], "order of arrival kept");
  assert.equal(server.dictionaryDownloads, 1);
  assert.equal(client.stats.duplicates, 160);
});

test("a Reconnect frame (drain) moves the client to another connector after its delay", async () => {
  const { server, client, ids } = await setup({ recentHistoryLimit: 0 });
  const other = await new LocalRoomcast().start();
  cleanups.push(() => other.stop());
  server.otherConnectors = [{ connectorId: "c2", wsUrl: other.wsUrl }];
  client.connect();
  await client.join("d");
  const asked = Date.now();
  server.open[0]!.send({ kind: { case: "reconnect", value: { code: ErrorCode.RECONNECT, delayMs: 150, reason: "release" } } });
  await eventually(() => other.open.length === 1 && client.roomState("d") === "joined", "joined on the other connector");
  assert.ok(Date.now() - asked >= 150, "waited the delay the server asked for");
  assert.equal(server.conns.length, 1, "did not come back to the draining connector");
  other.publish("d", [chat("d", 1)]);
  await eventually(() => ids().length === 1, "delivery from the new connector");
});

test("asks for compact blocks at Auth and delivers a Java-encoded compact block; compactBlocks false asks for none", async () => {
  const { server, client, seen } = await setup({ recentHistoryLimit: 0 });
  const compactBlocks: boolean[] = [];
  client.on("block", (b) => compactBlocks.push(b.compactPayload));
  client.connect();
  await client.join("fixture");
  assert.deepEqual(valueOf(server.framesOf("auth")[0]!, "auth").payloadFormats, [PayloadFormat.PAYLOAD_COMPACT]);
  // Written by scheduler's CompactJsFixtureTest: 20 messages of room "fixture", 3 of them transient.
  server.open[0]!.sendRaw(new Uint8Array(readFileSync(new URL("../fixtures/block-compact-zstd.frame.bin", import.meta.url))));
  await eventually(() => seen.length === 20, "compact block delivered");
  assert.deepEqual(compactBlocks, [true]);
  assert.equal(seen[1]!.sender?.nickname, "观众2🎉");

  const old = await setup({ compactBlocks: false });
  old.client.connect();
  await eventually(() => old.client.connected, "old client connected");
  assert.deepEqual(valueOf(old.server.framesOf("auth")[0]!, "auth").payloadFormats, []);
});
