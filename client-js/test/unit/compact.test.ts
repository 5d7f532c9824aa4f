import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BlockDecoder } from "../../src/codec/blockDecoder.js";
import { decodeFrame } from "../../src/codec/frames.js";
import { Codec, PayloadFormat, type Block, type CompactBlockPayload } from "../../src/gen/message_pb.js";
import { create, encode } from "../../src/wire/codec.js";
import { M_CompactBlockPayload } from "../../src/wire/tables.js";
import { zstdWasmDecompressor } from "../../src/zstd/decompressor.js";
import { RoomcastError } from "../../src/errors.js";

// Written by scheduler's CompactJsFixtureTest with the production BlockCodec: for each case the compact frame and
// the plain frame of one encode, which must decode to the same messages.
const fixture = (name: string): Block => {
  const { frame } = decodeFrame(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
  assert.equal(frame.kind.case, "block");
  return frame.kind.value as Block;
};
const decoder = () => new BlockDecoder(() => zstdWasmDecompressor(), undefined);
const strip = (o: unknown) => JSON.parse(JSON.stringify(o, (_k, v) => typeof v === "bigint" ? `${v}n` : v));

test("decodes a zstd-compressed compact block from Java into the messages of its plain twin", async () => {
  const compact = fixture("block-compact-zstd.frame.bin");
  const plain = fixture("block-compact-zstd.plain.frame.bin");
  assert.equal(compact.payloadFormat, PayloadFormat.PAYLOAD_COMPACT);
  assert.equal(compact.codec, Codec.ZSTD);
  assert.equal(plain.payloadFormat, PayloadFormat.PAYLOAD_PLAIN);
  const fromCompact = await decoder().decode(compact);
  const fromPlain = await decoder().decode(plain);
  assert.equal(fromCompact.length, 20);
  assert.deepEqual(strip(fromCompact), strip(fromPlain));
  // Spot checks against CompactJsFixtureTest.room(): ids, a backwards timestamp, a repeated and an anonymous sender.
  assert.equal(fromCompact[0]!.msgId, 5001n);
  assert.equal(fromCompact[6]!.msgId, 0n);   // the transient online count
  assert.equal(fromCompact[1]!.sender?.nickname, "观众2🎉");
  assert.equal(fromCompact[4]!.sender?.anonymous, true);
  assert.equal(fromCompact[6]!.sender, undefined);
  assert.equal(fromCompact[1]!.createdAtMs - fromCompact[0]!.createdAtMs, BigInt((2 * 37) % 90 - 30));
  assert.ok(fromCompact.some((m, i) => i > 0 && m.createdAtMs < fromCompact[i - 1]!.createdAtMs), "a negative time delta");
  assert.ok(compact.payload.length < plain.payload.length);
});

test("decodes a compact block of mixed rooms and extreme ids exactly", async () => {
  const compact = fixture("block-compact-mixed.frame.bin");
  const plain = fixture("block-compact-mixed.plain.frame.bin");
  assert.equal(compact.codec, Codec.NONE);
  const fromCompact = await decoder().decode(compact);
  assert.deepEqual(strip(fromCompact), strip(await decoder().decode(plain)));
  assert.deepEqual(fromCompact.map((m) => m.roomId), ["a", "", "b", "a", "b"]);
  assert.deepEqual(fromCompact.map((m) => m.msgId), [9n, 0n, 9223372036854775807n, -9223372036854775808n, 7n]);
  assert.equal(fromCompact[2]!.createdAtMs, 9223372036854775807n);
  assert.equal(fromCompact[3]!.createdAtMs, -1n);
  assert.equal(fromCompact[1]!.userId, "alice");
  assert.equal(fromCompact[1]!.sender, undefined);
  assert.equal(fromCompact[4]!.sender?.anonymous, true);
});

const compactBlock = (payload: Partial<CompactBlockPayload>): Block => {
  const bytes = encode(M_CompactBlockPayload, create<CompactBlockPayload>(M_CompactBlockPayload, payload));
  return { ...fixture("block-compact-mixed.frame.bin"), codec: Codec.NONE, payload: bytes, uncompressedSize: bytes.length };
};
const decodeFailed = (e: unknown) => e instanceof RoomcastError && e.kind === "DECODE_FAILED";

test("rejects a compact block whose sender or room index is out of range with DECODE_FAILED", async () => {
  const senderBeyond = compactBlock({ rooms: ["r"], senders: [{ userId: "a" } as never],
    messages: [{ senderRef: 2, body: "x" } as never] });
  await assert.rejects(decoder().decode(senderBeyond), (e: unknown) => decodeFailed(e) && /sender 2 of 1/.test((e as Error).message));
  const hugeRef = compactBlock({ rooms: ["r"], messages: [{ senderRef: 4294967295 } as never] });
  await assert.rejects(decoder().decode(hugeRef), decodeFailed);
  const roomBeyond = compactBlock({ rooms: ["r"], messages: [{ roomIndex: 1 } as never] });
  await assert.rejects(decoder().decode(roomBeyond), (e: unknown) => decodeFailed(e) && /room 1 of 1/.test((e as Error).message));
  const noRooms = compactBlock({ messages: [{ body: "no room table" } as never] });
  await assert.rejects(decoder().decode(noRooms), decodeFailed);
});

test("rejects garbage in a compact block and an unknown payload format with DECODE_FAILED", async () => {
  const base = fixture("block-compact-mixed.frame.bin");
  const garbage = { ...base, payload: new Uint8Array([0xff, 0xff, 0x07, 0x01]), uncompressedSize: 4 };
  await assert.rejects(decoder().decode(garbage), decodeFailed);
  await assert.rejects(decoder().decode({ ...base, payloadFormat: 7 as PayloadFormat }),
    (e: unknown) => decodeFailed(e) && /unknown payload format 7/.test((e as Error).message));
});
