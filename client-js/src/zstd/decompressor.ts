/**
 * The one capability block decoding needs from a zstd implementation. Swap it (a native addon in Node,
 * another wasm build) without touching the client.
 */
export interface Decompressor {
  /**
   * @param dictionary the raw zstd dictionary the frame was compressed with, or undefined
   * @param uncompressedSize Block.uncompressed_size: the output buffer to allocate (0 = unknown)
   */
  decompress(data: Uint8Array, dictionary: Uint8Array | undefined, uncompressedSize: number): Uint8Array;
}

type ZstdWasm = typeof import("@bokuweb/zstd-wasm");

let shared: Promise<Decompressor> | undefined;

/**
 * zstd compiled to WebAssembly (@bokuweb/zstd-wasm, the only npm zstd with dictionary decoding; browsers'
 * DecompressionStream has none). The wasm module is a singleton, so one instance serves every client;
 * it loads on first use. In a browser, pass the URL the app serves zstd.wasm from.
 */
export function zstdWasmDecompressor(wasmUrl?: string): Promise<Decompressor> {
  if (!shared) {
    shared = (async () => {
      const zstd: ZstdWasm = await import("@bokuweb/zstd-wasm");
      await (zstd.init as (path?: string) => Promise<void>)(wasmUrl);
      return new WasmDecompressor(zstd);
    })();
    shared.catch(() => { shared = undefined; });   // a failed load is tried again by the next block
  }
  return shared;
}

/** An upper bound for frames that do not state their size, and a guard against hostile sizes. */
export const MAX_UNCOMPRESSED_BYTES = 16 * 1024 * 1024;

class WasmDecompressor implements Decompressor {
  private dctx = 0;

  constructor(private readonly zstd: ZstdWasm) {}

  decompress(data: Uint8Array, dictionary: Uint8Array | undefined, uncompressedSize: number): Uint8Array {
    const heap = uncompressedSize > 0 && uncompressedSize <= MAX_UNCOMPRESSED_BYTES ? uncompressedSize : 1024 * 1024;
    if (!dictionary) {
      return this.zstd.decompress(data, { defaultHeapSize: heap });
    }
    if (this.dctx === 0) this.dctx = this.zstd.createDCtx();   // reused: a context per block costs more than the block
    return this.zstd.decompressUsingDict(this.dctx, data, dictionary, { defaultHeapSize: heap });
  }
}

const DICT_MAGIC = 0xec30a437;

/**
 * zstd's own id from a dictionary's header, as the signed int32 Block.dictionary_id carries; undefined for a
 * raw-content dictionary (no header) or anything else (an HTML error page from a proxy).
 */
export function dictionaryIdOf(dictionary: Uint8Array): number | undefined {
  if (dictionary.length < 8) return undefined;
  const view = new DataView(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength);
  if (view.getUint32(0, true) !== DICT_MAGIC) return undefined;
  return view.getInt32(4, true);
}
