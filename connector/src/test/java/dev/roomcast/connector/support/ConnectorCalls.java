package dev.roomcast.connector.support;

import com.google.protobuf.ByteString;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Frame;

/** Frames as room-service would push them. */
public final class ConnectorCalls {

    private ConnectorCalls() {
    }

    public static ByteString block(String mcastId, long seq, int payloadBytes) {
        return Frame.newBuilder().setBlock(Block.newBuilder().setMcastId(mcastId).setBlockSeq(seq)
                .setMessageCount(20).setCreatedAtMs(System.currentTimeMillis())
                .setPayload(ByteString.copyFrom(new byte[payloadBytes]))).build().toByteString();
    }
}
