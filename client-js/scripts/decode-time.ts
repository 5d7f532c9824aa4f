// Decode time per block in Node: the Java-written fixture (40 chat messages, zstd + the bundled dictionary)
// decoded N times through the SDK's BlockDecoder. Run: npm run decode-time
import { readFileSync } from "node:fs";
import { BlockDecoder } from "../src/codec/blockDecoder.js";
import { decodeFrame } from "../src/codec/frames.js";
import type { Block } from "../src/gen/message_pb.js";
import { zstdWasmDecompressor } from "../src/zstd/decompressor.js";
import { DictionaryCache } from "../src/zstd/dictionaries.js";

const dict = new Uint8Array(readFileSync(new URL("../../scheduler/src/main/resources/dev/roomcast/scheduler/roomcast-blocks.zdict", import.meta.url)));
const frameBytes = readFileSync(new URL("../test/fixtures/block-zstd-dict.frame.bin", import.meta.url));
const cache = new DictionaryCache(async () => ({ bytes: dict }));
const decoder = new BlockDecoder(() => zstdWasmDecompressor(), cache);
const n = Number(process.argv[2] ?? 5000);

const run = async (count: number) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const block = decodeFrame(frameBytes).frame.kind.value as Block;   // frame parse included
    await decoder.decode(block);
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / count;
};
await run(500);   // warm-up: wasm load, JIT
const us = await run(n);
const block = decodeFrame(frameBytes).frame.kind.value as Block;
console.log(`${us.toFixed(1)} µs per block (${block.messageCount} messages, ${frameBytes.length} B on the wire, `
  + `${block.uncompressedSize} B raw, ${(dict.length / 1024).toFixed(0)} KiB dictionary), node ${process.version}, ${n} runs`);
