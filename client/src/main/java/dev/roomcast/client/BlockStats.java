package dev.roomcast.client;

/**
 * What one block cost on the wire, for apps that display network stats and for the load generator.
 *
 * @param mcastId           e.g. {@code room:42}
 * @param wireBytes         bytes of the frame on the socket, framing included
 * @param uncompressedBytes the payload before compression
 * @param messageCount      messages the block carries
 * @param compressed        whether the payload was zstd-compressed
 * @param createdAtMillis   when the server built the block
 * @param compactPayload    whether the payload was in the compact form (negotiated at Auth)
 */
public record BlockStats(String mcastId, int wireBytes, int uncompressedBytes, int messageCount,
                         boolean compressed, long createdAtMillis, boolean compactPayload) {
}
