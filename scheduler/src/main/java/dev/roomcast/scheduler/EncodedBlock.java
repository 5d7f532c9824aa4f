package dev.roomcast.scheduler;

/**
 * One built block. {@code frameBytes} is a serialized {@code dev.roomcast.proto.v1.Frame{block=...}}:
 * exactly what connectors write to every member connection.
 *
 * @param payloadBytes      size of Block.payload on the wire (compressed when compression applied)
 * @param uncompressedBytes size of the encoded BlockPayload before compression
 * @param immediate         flushed by the immediate path rather than a tick
 * @param maxMsgId          highest persisted msgId among the messages (0 = none): where a switch to polling reads from
 */
public record EncodedBlock(String roomId, String mcastId, long blockSeq, int messageCount, int payloadBytes,
                           int uncompressedBytes, boolean immediate, byte[] frameBytes,
                           long maxMsgId) {
}
