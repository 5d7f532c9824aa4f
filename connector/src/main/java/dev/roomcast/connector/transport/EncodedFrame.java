package dev.roomcast.connector.transport;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.roomcast.proto.v1.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * A server frame encoded once for every wire shape: a WebSocket binary frame (header + bytes), a TCP
 * record (length prefix + bytes) and, lazily and only if a JSON client needs it, a WebSocket text frame.
 * The buffers are direct so that Netty writes them to each socket without a per-connection copy; each
 * connection gets a retained duplicate (shared memory, own indexes). Call {@link #release()} once every
 * write has been queued.
 */
public final class EncodedFrame {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ByteString frameBytes;
    private final ByteBuf wsBinary;
    private final ByteBuf tcp;
    private volatile ByteBuf wsText;
    private boolean released;

    private EncodedFrame(ByteString frameBytes) {
        this.frameBytes = frameBytes;
        int size = frameBytes.size();
        this.wsBinary = PooledByteBufAllocator.DEFAULT.directBuffer(WsFrames.headerSize(size) + size);
        WsFrames.writeHeader(wsBinary, WsFrames.OPCODE_BINARY, size);
        writeBytes(wsBinary, frameBytes);
        this.tcp = PooledByteBufAllocator.DEFAULT.directBuffer(4 + size);
        tcp.writeInt(size);
        writeBytes(tcp, frameBytes);
    }

    /** Wraps serialized Frame bytes received from a backend, as they are. */
    public static EncodedFrame of(ByteString frameBytes) {
        return new EncodedFrame(frameBytes);
    }

    public static EncodedFrame of(Frame frame) {
        return new EncodedFrame(frame.toByteString());
    }

    public int size() {
        return frameBytes.size();
    }

    public ByteBuf wsBinary() {
        return wsBinary.retainedDuplicate();
    }

    public ByteBuf tcp() {
        return tcp.retainedDuplicate();
    }

    /**
     * The WebSocket binary frame itself, not retained: for a write that copies the bytes to a socket before
     * it returns, on the loop that holds this frame's reference. Never modify it, never keep it.
     */
    ByteBuf wsBinaryShared() {
        return wsBinary;
    }

    /** The TCP record itself, not retained: as {@link #wsBinaryShared()}. */
    ByteBuf tcpShared() {
        return tcp;
    }

    /** The JSON text frame, printed at most once per frame however many JSON clients receive it. */
    public ByteBuf wsText() {
        ByteBuf text = wsText;
        if (text == null) {
            synchronized (this) {
                text = wsText;
                if (text == null) {
                    text = printJson();
                    wsText = text;
                }
            }
        }
        return text.retainedDuplicate();
    }

    private ByteBuf printJson() {
        String json;
        try {
            json = JSON.print(Frame.parseFrom(frameBytes));
        } catch (InvalidProtocolBufferException e) {
            // A backend pushed bytes that are not a Frame: JSON clients get an honest marker instead.
            json = "{\"error\":{\"code\":\"SERVER_ERROR\",\"message\":\"undecodable frame\"}}";
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(WsFrames.headerSize(utf8.length) + utf8.length);
        WsFrames.writeHeader(buf, WsFrames.OPCODE_TEXT, utf8.length);
        buf.writeBytes(utf8);
        return buf;
    }

    /** Drops this frame's own reference; queued duplicates keep the memory until written. */
    public synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        wsBinary.release();
        tcp.release();
        if (wsText != null) {
            wsText.release();
        }
    }

    private static void writeBytes(ByteBuf target, ByteString bytes) {
        target.writeBytes(bytes.asReadOnlyByteBuffer());
    }
}
