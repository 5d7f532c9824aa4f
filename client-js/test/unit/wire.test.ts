// src/wire (the SDK's table-driven codec) against protobuf-es, the reference implementation of the same .proto:
// every Frame kind, a block payload and the REST replies, binary and JSON, both directions, with edge values
// (negative and 64-bit integers, unicode, empty and binary bytes, repeated messages, unknown fields).
import { test } from "node:test";
import assert from "node:assert/strict";
import { create as pbCreate, fromBinary, fromJson as pbFromJson, toBinary, toJson as pbToJson, type MessageInitShape } from "@bufbuild/protobuf";
import { ErrorCode, FrameSchema, Role } from "../../src/gen/client_pb.js";
import { BlockPayloadSchema, Codec, MessageType } from "../../src/gen/message_pb.js";
import { MessagesReplySchema, PollReplySchema } from "../../src/gen/mailbox_pb.js";
import { PullGiftsReplySchema } from "../../src/gen/gift_pb.js";
import type { JsonValue } from "@bufbuild/protobuf";
import { decode, encode, fromJson, toJson, WireError } from "../../src/wire/codec.js";
import { M_BlockPayload, M_Frame, M_MessagesReply, M_PollReply, M_PullGiftsReply } from "../../src/wire/tables.js";
import { decodeFrame, encodeFrame, newFrame } from "../../src/codec/frames.js";

const gift = { roomId: "42", seq: 9_007_199_254_740_993n, orderId: "o-1", fromUserId: "u", fromNickname: "小明 🎁", giftId: "rocket",
  giftName: "Rocket", count: 3, unitValue: 100n, totalValue: 300n, createdAtMs: 1_700_000_000_000n, msgId: 77n };
const message = { roomId: "42", msgId: 123_456_789_012n, type: MessageType.CHAT, priority: 150, sender: { userId: "u1", nickname: "Ünïcode ✓", level: 7 },
  body: "hello 世界 👋", createdAtMs: 1_700_000_000_123n, conflateKey: "pk:1", ttlMs: 5000, aggregateCount: 2 };

const frames: MessageInitShape<typeof FrameSchema>[] = [
  { reqId: 1n, kind: { case: "auth", value: { token: "t.o.k", deviceId: "d", clientVersion: "js", json: true } } },
  { kind: { case: "authOk", value: { userId: "u", role: Role.ANCHOR, heartbeatIntervalMs: 25_000, idleTimeoutMs: 60_000, connectionId: "c", connectorId: "connector-a" } } },
  { reqId: -5n, kind: { case: "join", value: { roomId: "r", lastMsgId: 18_446_744_073n, giftChannel: true } } },
  { reqId: 2n, kind: { case: "joinOk", value: { roomId: "r", onlineCount: 12_345n, pollIntervalMs: 2000, heartbeatIntervalMs: 1, lastMsgId: 3n, historyUrl: "http://m", giftChannel: true } } },
  { kind: { case: "leave", value: { roomId: "r" } } },
  { kind: { case: "heartbeat", value: {} } },   // a oneof member at its defaults is still there
  { kind: { case: "heartbeat", value: { clientTimeMs: 1_700_000_000_000n, serverTimeMs: -1n } } },
  { kind: { case: "block", value: { mcastId: "m", blockSeq: 5n, codec: Codec.ZSTD, dictionaryId: -2_000_000_000, messageCount: 2,
    payload: new Uint8Array([0, 255, 1, 128]), createdAtMs: 1n, uncompressedSize: 4096 } } },
  { kind: { case: "giftPush", value: { roomId: "r", gifts: [gift, { ...gift, seq: 2n }], ackedSeq: -1n } } },
  { kind: { case: "giftAck", value: { roomId: "r", seq: 10n } } },
  { reqId: 9n, kind: { case: "giftPull", value: { roomId: "r", afterSeq: 4n, limit: 200 } } },
  { reqId: 3n, kind: { case: "error", value: { code: ErrorCode.UNAVAILABLE, message: "try later", retryAfterMs: 250 } } },
  { kind: { case: "kick", value: { code: ErrorCode.KICKED, reason: "bye" } } },
  { kind: { case: "reconnect", value: { code: ErrorCode.RECONNECT, delayMs: 1000, reason: "drain" } } },
  { kind: { case: "switchToPolling", value: { roomId: "r", pollUrl: "http://p", pollIntervalMs: 2000, cursor: 17n } } },
  { kind: { case: "leaveOk", value: { roomId: "r" } } },
  { reqId: 4n, kind: { case: "refresh", value: { token: "new", expiresAtMs: 1n, graceMs: 30_000 } } },
  {},
];

test("every Frame kind: protobuf-es bytes decode to what protobuf-es decodes, and the SDK's bytes decode in protobuf-es", () => {
  for (const init of frames) {
    const reference = pbCreate(FrameSchema, init);
    const bytes = toBinary(FrameSchema, reference);
    assert.deepEqual(decode(M_Frame, bytes), fromBinary(FrameSchema, bytes), `decode ${reference.kind.case}`);
    const ours = encode(M_Frame, newFrame(init));
    assert.deepEqual(fromBinary(FrameSchema, ours), reference, `encode ${reference.kind.case}`);
    assert.deepEqual(ours, bytes, `same bytes for ${reference.kind.case}`);
  }
});

test("every Frame kind in JSON mode, both directions", () => {
  for (const init of frames) {
    const reference = pbCreate(FrameSchema, init);
    assert.deepEqual(fromJson(M_Frame, pbToJson(FrameSchema, reference)), reference, `fromJson ${reference.kind.case}`);
    assert.deepEqual(pbFromJson(FrameSchema, toJson(M_Frame, reference)), reference, `toJson ${reference.kind.case}`);
    assert.deepEqual(decodeFrame(encodeFrame(reference, "json")).frame, reference);
    assert.deepEqual(decodeFrame(encodeFrame(reference, "binary")).frame, reference);
  }
});

test("a block payload and the REST replies (snake_case keys, numbers for int64, enum names or numbers, unknown fields)", () => {
  const payload = pbCreate(BlockPayloadSchema, { messages: [message, { ...message, type: MessageType.PK, body: "{}" }] });
  assert.deepEqual(decode(M_BlockPayload, toBinary(BlockPayloadSchema, payload)), payload);
  const recent = { messages: [{ room_id: "42", msgId: 123456789012, type: "CHAT", priority: 150, sender: { userId: "u1", nickname: "n", level: 7 },
    body: "hi", createdAtMs: "1700000000123", extra: { ignored: true } }, { msgId: "5", type: 2, body: "gift" }], has_more: true, nextCursor: 1 } as JsonValue;
  assert.deepEqual(fromJson(M_MessagesReply, recent), pbFromJson(MessagesReplySchema, recent, { ignoreUnknownFields: true }));
  const poll = { messages: (pbToJson(BlockPayloadSchema, payload) as { messages: JsonValue[] }).messages, nextCursor: "99", pollIntervalMs: 2000, clamped: true } as JsonValue;
  assert.deepEqual(fromJson(M_PollReply, poll), pbFromJson(PollReplySchema, poll, { ignoreUnknownFields: true }));
  const gifts = { ...(pbToJson(PullGiftsReplySchema, pbCreate(PullGiftsReplySchema, { gifts: [gift, { ...gift, seq: 2n }] })) as object), unknownField: 1 } as JsonValue;
  assert.deepEqual(fromJson(M_PullGiftsReply, gifts), pbFromJson(PullGiftsReplySchema, gifts, { ignoreUnknownFields: true }));
});

test("unknown fields are skipped and truncated input is an error, not a wrong message", () => {
  const bytes = toBinary(FrameSchema, pbCreate(FrameSchema, frames[3]!));
  const withUnknown = new Uint8Array([...bytes, (2 << 3) | 2, 2, 0xde, 0xad, (3 << 3) | 0, 0x96, 0x01, (4 << 3) | 5, 1, 2, 3, 4, (5 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(decode(M_Frame, withUnknown), fromBinary(FrameSchema, bytes));
  assert.throws(() => decode(M_Frame, bytes.subarray(0, bytes.length - 3)), WireError);
});
