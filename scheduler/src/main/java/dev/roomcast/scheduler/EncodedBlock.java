package dev.roomcast.scheduler;

/**
 * One built block. {@code frameBytes} is a serialized {@code dev.roomcast.proto.v1.Frame{block=...}}:
 * exactly what connectors write to every member connection.
 *
 * @param payloadBytes      size of Block.payload on the wire (compressed when compression applied)
 * @param uncompressedBytes size of the encoded BlockPayload before compression
 * @param immediate         flushed by the immediate path rather than a tick
 * @param maxMsgId          highest persisted msgId among the messages (0 = none): where a switch to polling reads from
 * @param compactFrameBytes the same block with a PAYLOAD_COMPACT payload, for connections that negotiated it; null
 *                          when the codec builds the plain form only or the compact frame would not be smaller
 * @param compactPayloadBytes size of the compact Block.payload on the wire (0 without a compact form)
 */
public record EncodedBlock(String roomId, String mcastId, long blockSeq, int messageCount, int payloadBytes,
                           int uncompressedBytes, boolean immediate, byte[] frameBytes,
                           long maxMsgId, byte[] compactFrameBytes, int compactPayloadBytes) {

    /** A block in the plain form only. */
    public EncodedBlock(String roomId, String mcastId, long blockSeq, int messageCount, int payloadBytes,
                        int uncompressedBytes, boolean immediate, byte[] frameBytes, long maxMsgId) {
        this(roomId, mcastId, blockSeq, messageCount, payloadBytes, uncompressedBytes, immediate, frameBytes, maxMsgId,
                null, 0);
    }

    public boolean hasCompactForm() {
        return compactFrameBytes != null;
    }
}
