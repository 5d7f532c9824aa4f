package dev.roomcast.connector.support;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.connector.transport.ClientTransport;
import dev.roomcast.connector.transport.EncodedFrame;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/** A transport that records the frames written to it and how it was closed (for session unit tests). */
public final class RecordingTransport implements ClientTransport {

    public final List<Frame> written = new CopyOnWriteArrayList<>();
    public volatile ErrorCode closedWith;
    public int flushes;
    /** What {@link #pendingBytes()} reports: a client that stopped reading, as the socket would show it. */
    public volatile long pending;

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public String remoteHost() {
        return "192.0.2.1";
    }

    @Override
    public boolean json() {
        return false;
    }

    @Override
    public Executor loop() {
        return Runnable::run;
    }

    @Override
    public long pendingBytes() {
        return pending;
    }

    @Override
    public void write(EncodedFrame frame) {
        ByteBuf buf = frame.tcp();
        try {
            byte[] bytes = new byte[buf.readInt()];
            buf.readBytes(bytes);
            written.add(Frame.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        } finally {
            buf.release();
        }
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public boolean isOpen() {
        return closedWith == null;
    }

    @Override
    public void close(ErrorCode code, String reason) {
        closedWith = code;
    }
}
