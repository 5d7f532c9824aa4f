package dev.roomcast.client.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictDecompress;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.client.DictionaryProvider;
import dev.roomcast.proto.codec.CompactPayloads;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.CompactBlockPayload;
import dev.roomcast.proto.v1.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Block} into its messages: zstd (with the dictionary the block names) or none, then
 * {@link BlockPayload} or, for a connection that negotiated it, the compact form ({@link CompactPayloads}). Prepared dictionaries are cached per id, because building one is far more
 * expensive than a decompression. Not thread-safe; one per client (or per I/O thread).
 */
public final class BlockDecoder {

    /** Guards against a corrupt or hostile uncompressed_size. */
    public static final int MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024;

    private final DictionaryProvider dictionaries;
    private final Map<Integer, ZstdDictDecompress> prepared = new HashMap<>();

    public BlockDecoder(DictionaryProvider dictionaries) {
        this.dictionaries = dictionaries;
    }

    public List<Message> decode(Block block) throws BlockDecodeException {
        byte[] raw = payloadBytes(block);
        switch (block.getPayloadFormat()) {
            case PAYLOAD_PLAIN:
                try {
                    return BlockPayload.parseFrom(raw).getMessagesList();
                } catch (InvalidProtocolBufferException e) {
                    throw new BlockDecodeException("block payload is not a BlockPayload", e);
                }
            case PAYLOAD_COMPACT:
                try {
                    return CompactPayloads.messages(CompactBlockPayload.parseFrom(raw));
                } catch (InvalidProtocolBufferException e) {
                    throw new BlockDecodeException("block payload is not a CompactBlockPayload", e);
                } catch (CompactPayloads.CompactPayloadException e) {
                    throw new BlockDecodeException("bad compact payload: " + e.getMessage(), e);
                }
            default:
                throw new BlockDecodeException("unknown payload format " + block.getPayloadFormatValue());
        }
    }

    /** The uncompressed payload (a serialized BlockPayload or CompactBlockPayload, per Block.payload_format). */
    public byte[] payloadBytes(Block block) throws BlockDecodeException {
        switch (block.getCodec()) {
            case CODEC_NONE:
                return block.getPayload().toByteArray();
            case CODEC_ZSTD:
                return decompress(block);
            default:
                throw new BlockDecodeException("unknown codec " + block.getCodecValue());
        }
    }

    private byte[] decompress(Block block) throws BlockDecodeException {
        byte[] compressed = block.getPayload().toByteArray();
        int size = expectedSize(block, compressed);
        try {
            if (block.getDictionaryId() == 0) {
                return Zstd.decompress(compressed, size);
            }
            return Zstd.decompress(compressed, dictionary(block.getDictionaryId()), size);
        } catch (RuntimeException e) {
            // zstd-jni reports corrupt input and a wrong dictionary as ZstdException (unchecked).
            throw new BlockDecodeException("zstd decompression failed: " + e.getMessage(), e);
        }
    }

    private static int expectedSize(Block block, byte[] compressed) throws BlockDecodeException {
        long size = block.getUncompressedSize();
        if (size <= 0) {
            size = Zstd.getFrameContentSize(compressed);   // the frame header usually carries it
        }
        if (size <= 0 || size > MAX_UNCOMPRESSED_BYTES) {
            throw new BlockDecodeException("block without a usable uncompressed size: " + size);
        }
        return (int) size;
    }

    private ZstdDictDecompress dictionary(int id) throws BlockDecodeException {
        ZstdDictDecompress dict = prepared.get(id);
        if (dict == null) {
            byte[] bytes = dictionaries.dictionary(id)
                    .orElseThrow(() -> BlockDecodeException.unknownDictionary(id));
            dict = new ZstdDictDecompress(bytes);
            prepared.put(id, dict);
        }
        return dict;
    }
}
