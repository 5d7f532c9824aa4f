package dev.roomcast.connector.transport;

/** What a transport hands up after framing: whole frames, oversize notices and the close. Called on the loop. */
public interface FrameSink {

    void onBinary(byte[] frame);

    void onText(String json);

    /** A frame longer than the inbound limit was announced; its bytes are skipped, never allocated. */
    void onOversized(long length);

    /**
     * The framing below refused a frame it cannot skip (a WebSocket frame or message above the hard cap):
     * the stream is unusable, so the connection closes with a typed code rather than a reset.
     */
    void onUnreadable(String reason);

    void onClosed();
}
