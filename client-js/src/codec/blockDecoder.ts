import { Codec, PayloadFormat, type Block, type BlockPayload, type CompactBlockPayload, type Message } from "../gen/message_pb.js";
import { decode } from "../wire/codec.js";
import { M_BlockPayload, M_CompactBlockPayload } from "../wire/tables.js";
import { compactMessages } from "./compactPayload.js";
import { MAX_UNCOMPRESSED_BYTES, type Decompressor } from "../zstd/decompressor.js";
import type { DictionaryCache } from "../zstd/dictionaries.js";
import { RoomcastError } from "../errors.js";

/**
 * Block -> messages: the payload as it is (CODEC_NONE) or zstd, with the dictionary Block.dictionary_id
 * names (fetched once per id), then BlockPayload or, as negotiated at Auth, CompactBlockPayload
 * (Block.payload_format). Async only when the decompressor or a dictionary is not loaded yet.
 */
export class BlockDecoder {
  constructor(
    private readonly decompressor: () => Promise<Decompressor>,
    private readonly dictionaries: DictionaryCache | undefined,
  ) {}

  async decode(block: Block): Promise<Message[]> {
    if (block.uncompressedSize > MAX_UNCOMPRESSED_BYTES) {
      throw RoomcastError.client("DECODE_FAILED", `block of ${block.uncompressedSize} bytes exceeds the limit`);
    }
    let raw: Uint8Array;
    if (block.codec === Codec.NONE) {
      raw = block.payload;
    } else if (block.codec === Codec.ZSTD) {
      const zstd = await this.decompressor();
      let dictionary: Uint8Array | undefined;
      if (block.dictionaryId !== 0) {
        if (!this.dictionaries) {
          throw RoomcastError.client("DICTIONARY_UNAVAILABLE", `block names dictionary ${block.dictionaryId}; none configured`);
        }
        dictionary = this.dictionaries.peek(block.dictionaryId) ?? await this.dictionaries.get(block.dictionaryId);
      }
      try {
        raw = zstd.decompress(block.payload, dictionary, block.uncompressedSize);
      } catch (e) {
        throw RoomcastError.client("DECODE_FAILED", `zstd: ${(e as Error).message}`);
      }
    } else {
      throw RoomcastError.client("DECODE_FAILED", `unknown codec ${block.codec}`);
    }
    if (block.payloadFormat === PayloadFormat.PAYLOAD_COMPACT) {
      let compact: CompactBlockPayload;
      try {
        compact = decode<CompactBlockPayload>(M_CompactBlockPayload, raw);
      } catch (e) {
        throw RoomcastError.client("DECODE_FAILED", `compact payload: ${(e as Error).message}`);
      }
      return compactMessages(compact);
    }
    if (block.payloadFormat !== PayloadFormat.PAYLOAD_PLAIN) {
      throw RoomcastError.client("DECODE_FAILED", `unknown payload format ${block.payloadFormat}`);
    }
    try {
      return decode<BlockPayload>(M_BlockPayload, raw).messages;
    } catch (e) {
      throw RoomcastError.client("DECODE_FAILED", `payload: ${(e as Error).message}`);
    }
  }
}
