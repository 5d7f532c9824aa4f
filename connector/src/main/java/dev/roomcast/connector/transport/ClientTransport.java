package dev.roomcast.connector.transport;

import dev.roomcast.proto.v1.ErrorCode;
import java.util.concurrent.Executor;

/**
 * One client connection as the session sees it: WebSocket and TCP share everything above framing.
 * {@link #write} and {@link #flush} must be called on {@link #loop()}; {@link #close} from anywhere.
 */
public interface ClientTransport {

    /** "ws" or "tcp", for metrics. */
    String kind();

    String remoteHost();

    /** JSON text frames (WebSocket debug mode) or binary protobuf. */
    boolean json();

    /** The event loop that owns this connection; session code hops back here after async calls. */
    Executor loop();

    /** Bytes written but not yet accepted by the socket: the outbound queue. */
    long pendingBytes();

    /** Queues the frame's pre-encoded bytes for this transport (no copy, no encode); flush later. */
    void write(EncodedFrame frame);

    void flush();

    /**
     * Writes and flushes the frame in one step: what a fan-out does for a member when nothing else waits
     * to share the flush. A transport may hand the bytes to the socket directly when nothing is queued.
     */
    default void writeAndFlush(EncodedFrame frame) {
        write(frame);
        flush();
    }

    boolean isOpen();

    /** Closes with a typed code (WebSocket close code = the ErrorCode number). */
    void close(ErrorCode code, String reason);

    /**
     * Closes at once, on the loop, when the stream below can no longer be used (a corrupt frame): the
     * close code goes out before the framework drops the socket. Defaults to {@link #close}.
     */
    default void abort(ErrorCode code, String reason) {
        close(code, reason);
    }
}
