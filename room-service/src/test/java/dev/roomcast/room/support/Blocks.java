package dev.roomcast.room.support;

import com.github.luben.zstd.Zstd;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import java.util.List;

/** Decodes a pushed frame the way a client does: Frame -> Block -> (zstd) -> BlockPayload. */
public final class Blocks {

    /** The dictionary room-service compresses with by default (served at /v1/dictionaries/{id}). */
    private static final byte[] DICTIONARY = dev.roomcast.scheduler.BlockCodec.bundledDictionary();

    private Blocks() {
    }

    public static Block block(com.google.protobuf.ByteString frame) {
        try {
            return Frame.parseFrom(frame).getBlock();
        } catch (Exception e) {
            throw new AssertionError("undecodable frame", e);
        }
    }

    /** The messages of a frame in either payload form, through the scheduler's own client-side decoder. */
    public static List<Message> anyForm(com.google.protobuf.ByteString frame) {
        try {
            return new dev.roomcast.scheduler.BlockDecoder().addDictionary(DICTIONARY).decodeFrame(frame.toByteArray());
        } catch (dev.roomcast.scheduler.BlockDecoder.BlockFormatException e) {
            throw new AssertionError("undecodable frame", e);
        }
    }

    public static List<Message> messages(com.google.protobuf.ByteString frame) {
        Block block = block(frame);
        byte[] payload = block.getPayload().toByteArray();
        if (block.getCodec() == Codec.CODEC_ZSTD) {
            payload = block.getDictionaryId() == 0 ? Zstd.decompress(payload, block.getUncompressedSize())
                    : Zstd.decompress(payload, DICTIONARY, block.getUncompressedSize());
        }
        try {
            return BlockPayload.parseFrom(payload).getMessagesList();
        } catch (Exception e) {
            throw new AssertionError("undecodable payload", e);
        }
    }
}
