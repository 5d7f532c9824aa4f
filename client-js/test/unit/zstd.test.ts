import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { BlockDecoder } from "../../src/codec/blockDecoder.js";
import { decodeFrame } from "../../src/codec/frames.js";
import { Codec } from "../../src/gen/message_pb.js";
import { dictionaryIdOf, zstdWasmDecompressor } from "../../src/zstd/decompressor.js";
import { DictionaryCache } from "../../src/zstd/dictionaries.js";
import { RoomcastError } from "../../src/errors.js";

// Written by scheduler's JsFixtureTest with the production BlockCodec and the bundled dictionary.
const FIXTURE = new URL("../fixtures/block-zstd-dict.frame.bin", import.meta.url);
const DICTIONARY = new URL("../../../scheduler/src/main/resources/dev/roomcast/scheduler/roomcast-blocks.zdict", import.meta.url);

const dictionary = new Uint8Array(readFileSync(DICTIONARY));
const sha = createHash("sha256").update(dictionary).digest("hex");

test("decodes a block the Java scheduler compressed with its trained dictionary", async () => {
  const { frame } = decodeFrame(readFileSync(FIXTURE));
  assert.equal(frame.kind.case, "block");
  const block = frame.kind.value as import("../../src/gen/message_pb.js").Block;
  assert.equal(block.codec, Codec.ZSTD);
  assert.equal(block.dictionaryId, dictionaryIdOf(dictionary));
  const cache = new DictionaryCache(async () => ({ bytes: dictionary, sha256: sha }));
  const messages = await new BlockDecoder(() => zstdWasmDecompressor(), cache).decode(block);
  assert.equal(messages.length, 40);
  // The same messages JsFixtureTest builds.
  for (let i = 1; i <= 40; i++) {
    const m = messages[i - 1]!;
    assert.equal(m.msgId, BigInt(1000 + i));
    assert.equal(m.roomId, "fixture");
    assert.equal(m.priority, 100 + (i % 50));
    assert.equal(m.sender?.nickname, `观众${i}`);
    assert.equal(m.sender?.level, i % 60);
    assert.equal(m.body, i % 3 === 0 ? "666666 主播好厉害 🎉🎉" : `hello room ${i}`);
    assert.equal(m.createdAtMs, 1_700_000_000_000n + BigInt(i));
  }
  assert.equal(cache.downloads, 1);
});

test("fails a dictionary block whose payload is corrupt with DECODE_FAILED", async () => {
  const { frame } = decodeFrame(readFileSync(FIXTURE));
  const block = frame.kind.value as import("../../src/gen/message_pb.js").Block;
  const payload = block.payload.slice();
  payload.fill(0x55, 8, 40);
  const cache = new DictionaryCache(async () => ({ bytes: dictionary }));
  await assert.rejects(new BlockDecoder(() => zstdWasmDecompressor(), cache).decode({ ...block, payload }),
    (e: unknown) => e instanceof RoomcastError && e.kind === "DECODE_FAILED");
});

test("downloads a dictionary once for many concurrent blocks", async () => {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const cache = new DictionaryCache(async () => { calls++; await gate; return { bytes: dictionary, sha256: sha }; });
  const id = dictionaryIdOf(dictionary)!;
  const waiters = Array.from({ length: 50 }, () => cache.get(id));
  release();
  const results = await Promise.all(waiters);
  assert.equal(calls, 1);
  assert.ok(results.every((r) => r === dictionary));
  await cache.get(id);
  assert.equal(calls, 1, "held for good after the first download");
});

test("refuses a dictionary whose bytes do not match the stated SHA-256", async () => {
  const cache = new DictionaryCache(async () => ({ bytes: dictionary, sha256: "00".repeat(32) }));
  await assert.rejects(cache.get(dictionaryIdOf(dictionary)!),
    (e: unknown) => e instanceof RoomcastError && e.kind === "DICTIONARY_UNAVAILABLE" && /SHA-256/.test(e.message));
});

test("refuses a download whose header names another id (a proxy's error page)", async () => {
  const cache = new DictionaryCache(async () => ({ bytes: new TextEncoder().encode("<html>502 Bad Gateway</html>") }));
  await assert.rejects(cache.get(12345), (e: unknown) => e instanceof RoomcastError && /header id undefined/.test(e.message));
});

test("asks again after a failed download instead of caching the failure", async () => {
  let calls = 0;
  const cache = new DictionaryCache(async () => {
    calls++;
    if (calls === 1) throw new Error("connection reset");
    return { bytes: dictionary };
  });
  const id = dictionaryIdOf(dictionary)!;
  await assert.rejects(cache.get(id), /connection reset/);
  assert.equal(await cache.get(id), dictionary);
  assert.equal(calls, 2);
});

test("reads zstd's header id as the signed int32 Block.dictionary_id carries", () => {
  const bytes = new Uint8Array([0x37, 0xa4, 0x30, 0xec, 0xff, 0xff, 0xff, 0xff]);
  assert.equal(dictionaryIdOf(bytes), -1);
  assert.equal(dictionaryIdOf(new Uint8Array(4)), undefined);
});
