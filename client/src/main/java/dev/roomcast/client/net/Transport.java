package dev.roomcast.client.net;

import dev.roomcast.proto.v1.Frame;

/** One long connection, WebSocket or TCP: frames in, frames out, one close. */
public interface Transport {

    void send(Frame frame);

    /** Closes the connection; the listener's {@code onClosed} is not called for a local close. */
    void close();

    /** Receives what a transport produces, on the client's I/O thread. */
    interface Listener {

        /** A decoded frame and the bytes it took on the wire (including framing). */
        void onFrame(Frame frame, int wireBytes);

        /** The connection ended: a close/error code (0 when the network just dropped) and why. */
        void onClosed(int code, String reason);
    }
}
