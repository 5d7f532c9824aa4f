package dev.roomcast.scheduler;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictDecompress;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.proto.codec.CompactPayloads;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.CompactBlockPayload;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes blocks as a client does: Frame -> Block -> (zstd, with the dictionary named by id) -> BlockPayload or
 * CompactBlockPayload (Block.payload_format) -> messages.
 * Depends only on protobuf and zstd-jni so client code can reuse it. Thread-safe.
 */
public final class BlockDecoder {
    /** Refuse to inflate a payload beyond this (a corrupt or hostile uncompressed_size). */
    public static final int MAX_UNCOMPRESSED_BYTES = 16 * 1024 * 1024;

    private final Map<Integer, ZstdDictDecompress> dictionaries = new ConcurrentHashMap<>();

    /** Makes a dictionary available to {@link #decode}; its id is read from its header. */
    public BlockDecoder addDictionary(byte[] dictionary) {
        dictionaries.put(BlockCodec.dictionaryId(dictionary), new ZstdDictDecompress(dictionary));
        return this;
    }

    /** The Block carried by serialized Frame bytes. */
    public static Block blockOf(byte[] frameBytes) throws BlockFormatException {
        try {
            Frame frame = Frame.parseFrom(frameBytes);
            if (!frame.hasBlock()) {
                throw new BlockFormatException("frame carries no block: " + frame.getKindCase());
            }
            return frame.getBlock();
        } catch (InvalidProtocolBufferException e) {
            throw new BlockFormatException("undecodable frame: " + e.getMessage());
        }
    }

    /** The messages of a block frame. */
    public List<Message> decodeFrame(byte[] frameBytes) throws BlockFormatException {
        return decode(blockOf(frameBytes));
    }

    /** The messages of a block, in block order. */
    public List<Message> decode(Block block) throws BlockFormatException {
        byte[] payload = block.getPayload().toByteArray();
        if (block.getCodec() == Codec.CODEC_ZSTD) {
            int size = block.getUncompressedSize();
            if (size <= 0 || size > MAX_UNCOMPRESSED_BYTES) {
                throw new BlockFormatException("bad uncompressed_size " + size);
            }
            try {
                if (block.getDictionaryId() != 0) {
                    ZstdDictDecompress dict = dictionaries.get(block.getDictionaryId());
                    if (dict == null) {
                        throw new BlockFormatException("unknown dictionary id " + block.getDictionaryId());
                    }
                    payload = Zstd.decompress(payload, dict, size);
                } else {
                    payload = Zstd.decompress(payload, size);
                }
            } catch (RuntimeException e) {
                throw new BlockFormatException("zstd: " + e.getMessage());
            }
        } else if (block.getCodec() != Codec.CODEC_NONE) {
            throw new BlockFormatException("unknown codec " + block.getCodecValue());
        }
        try {
            return switch (block.getPayloadFormat()) {
                case PAYLOAD_PLAIN -> BlockPayload.parseFrom(payload).getMessagesList();
                case PAYLOAD_COMPACT -> CompactPayloads.messages(CompactBlockPayload.parseFrom(payload));
                default -> throw new BlockFormatException("unknown payload format " + block.getPayloadFormatValue());
            };
        } catch (InvalidProtocolBufferException e) {
            throw new BlockFormatException("undecodable payload: " + e.getMessage());
        } catch (CompactPayloads.CompactPayloadException e) {
            throw new BlockFormatException("bad compact payload: " + e.getMessage());
        }
    }

    /** A block that cannot be decoded (codec, dictionary, or protobuf). */
    public static final class BlockFormatException extends Exception {
        public BlockFormatException(String message) {
            super(message);
        }
    }
}
