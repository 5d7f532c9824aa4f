package dev.roomcast.connector.transport;

import io.vertx.core.buffer.Buffer;

/**
 * Length-prefixed framing for TCP. A length above the limit is reported and its bytes skipped as they
 * arrive, so an absurd length never makes the connector allocate it.
 */
final class TcpFrameParser {

    private final int maxFrameBytes;
    private final FrameSink sink;
    private Buffer pending = Buffer.buffer(0);
    private long skipRemaining;

    TcpFrameParser(int maxFrameBytes, FrameSink sink) {
        this.maxFrameBytes = maxFrameBytes;
        this.sink = sink;
    }

    void feed(Buffer chunk) {
        int pos = 0;
        int len = chunk.length();
        if (skipRemaining > 0) {
            int skipped = (int) Math.min(skipRemaining, len);
            skipRemaining -= skipped;
            pos = skipped;
        }
        if (pos == len) {
            return;
        }
        Buffer data = pending.length() == 0 ? chunk.slice(pos, len) : pending.appendBuffer(chunk, pos, len - pos);
        int offset = 0;
        while (data.length() - offset >= 4) {
            long frameLength = Integer.toUnsignedLong(data.getInt(offset));
            if (frameLength > maxFrameBytes) {
                offset += 4;
                int available = data.length() - offset;
                int skipped = (int) Math.min(frameLength, available);
                offset += skipped;
                skipRemaining = frameLength - skipped;
                sink.onOversized(frameLength);
                continue;
            }
            if (data.length() - offset - 4 < frameLength) {
                break;
            }
            sink.onBinary(data.getBytes(offset + 4, offset + 4 + (int) frameLength));
            offset += 4 + (int) frameLength;
        }
        // Keep only the unparsed tail; copy so that the chunk (and its pooled memory) can go.
        pending = offset == data.length() ? Buffer.buffer(0) : data.getBuffer(offset, data.length());
    }
}
