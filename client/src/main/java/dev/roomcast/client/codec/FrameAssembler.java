package dev.roomcast.client.codec;

import java.util.function.Consumer;

/**
 * Reassembles TCP frames (4-byte big-endian length, then that many bytes) from arbitrary chunks of
 * the stream. Pure: the TCP transport feeds it whatever the socket delivered.
 */
public final class FrameAssembler {

    private final int maxFrameBytes;
    private final Consumer<byte[]> frames;
    private final byte[] header = new byte[4];
    private int headerFill;
    private byte[] body;
    private int bodyFill;

    public FrameAssembler(int maxFrameBytes, Consumer<byte[]> frames) {
        this.maxFrameBytes = maxFrameBytes;
        this.frames = frames;
    }

    /** Consumes a chunk; emits every frame it completes. Throws on a length outside 0..max. */
    public void feed(byte[] chunk, int offset, int length) {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            if (body == null) {
                int n = Math.min(4 - headerFill, end - pos);
                System.arraycopy(chunk, pos, header, headerFill, n);
                headerFill += n;
                pos += n;
                if (headerFill == 4) {
                    startBody(readLength());
                }
            } else {
                int n = Math.min(body.length - bodyFill, end - pos);
                System.arraycopy(chunk, pos, body, bodyFill, n);
                bodyFill += n;
                pos += n;
            }
            if (body != null && bodyFill == body.length) {
                byte[] done = body;
                body = null;
                headerFill = 0;
                frames.accept(done);
            }
        }
    }

    /** Prefixes a frame with its length. */
    public static byte[] encode(byte[] frame) {
        byte[] out = new byte[frame.length + 4];
        int n = frame.length;
        out[0] = (byte) (n >>> 24);
        out[1] = (byte) (n >>> 16);
        out[2] = (byte) (n >>> 8);
        out[3] = (byte) n;
        System.arraycopy(frame, 0, out, 4, n);
        return out;
    }

    private int readLength() {
        return ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    }

    private void startBody(int length) {
        if (length < 0 || length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes);
        }
        body = new byte[length];
        bodyFill = 0;
    }

    /** The stream announced a frame the client refuses to buffer; the connection must be dropped. */
    public static final class FrameTooLargeException extends RuntimeException {
        public FrameTooLargeException(int length, int max) {
            super("frame of " + length + " bytes exceeds the limit of " + max);
        }
    }
}
