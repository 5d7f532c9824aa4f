package dev.roomcast.scheduler;

/**
 * One built block. {@code frameBytes} is a serialized {@code dev.roomcast.proto.v1.Frame{block=...}}:
 * exactly what connectors write to every member connection.
 *
 * @param payloadBytes      size of Block.payload on the wire (compressed when compression applied)
 * @param uncompressedBytes size of the encoded BlockPayload before compression
 * @param immediate         flushed by the immediate path rather than a tick
 * @param pollCursor        where a viewer switched to polling at this block reads from (0 = no persisted message):
 *                          the block's highest persisted msgId, capped below every persisted message of the room
 *                          not pushed yet (still queued, or assigned and not yet submitted)
 * @param compactFrameBytes the same block with a PAYLOAD_COMPACT payload, for connections that negotiated it; null
 *                          when the codec builds the plain form only or the compact frame would not be smaller
 * @param compactPayloadBytes size of the compact Block.payload on the wire (0 without a compact form)
 */
public record EncodedBlock(String roomId, String mcastId, long blockSeq, int messageCount, int payloadBytes,
                           int uncompressedBytes, boolean immediate, byte[] frameBytes,
                           long pollCursor, byte[] compactFrameBytes, int compactPayloadBytes) {

    /** A block in the plain form only. */
    public EncodedBlock(String roomId, String mcastId, long blockSeq, int messageCount, int payloadBytes,
                        int uncompressedBytes, boolean immediate, byte[] frameBytes, long pollCursor) {
        this(roomId, mcastId, blockSeq, messageCount, payloadBytes, uncompressedBytes, immediate, frameBytes, pollCursor,
                null, 0);
    }

    /** This block with its poll cursor at most {@code cap} (a cursor capped to 0 or below means "none"). */
    public EncodedBlock withPollCursorAtMost(long cap) {
        if (pollCursor <= cap) {
            return this;
        }
        return new EncodedBlock(roomId, mcastId, blockSeq, messageCount, payloadBytes, uncompressedBytes, immediate,
                frameBytes, Math.max(0, cap), compactFrameBytes, compactPayloadBytes);
    }

    public boolean hasCompactForm() {
        return compactFrameBytes != null;
    }
}
