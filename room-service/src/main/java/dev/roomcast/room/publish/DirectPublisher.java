package dev.roomcast.room.publish;

import com.google.protobuf.UnsafeByteOperations;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.room.delivery.ConnectorPusher;
import dev.roomcast.room.route.ConnectorRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * PRIVATE and global messages skip the room scheduler: they go out at once as a one-message block
 * (block_seq 0: not part of a room's sequence) to every live connector, which writes it to the
 * user's connections (PushUser) or to every connection (PushBlock on {@code global}).
 */
@ApplicationScoped
public class DirectPublisher {

    public static final String GLOBAL_MCAST = "global";

    private final ConnectorRegistry connectors;
    private final ConnectorPusher pusher;

    public DirectPublisher(ConnectorRegistry connectors, ConnectorPusher pusher) {
        this.connectors = connectors;
        this.pusher = pusher;
    }

    /** Returns how many connectors were asked. */
    public int toUser(String userId, Message message) {
        byte[] frame = frame("user:" + userId, message);
        int n = 0;
        for (ConnectorInfo connector : connectors.live().values()) {
            pusher.pushUser(connector, userId, frame);
            n++;
        }
        return n;
    }

    public int toEveryone(Message message) {
        byte[] frame = frame(GLOBAL_MCAST, message);
        int n = 0;
        for (ConnectorInfo connector : connectors.live().values()) {
            pusher.pushBlock(connector, GLOBAL_MCAST, frame, 0);
            n++;
        }
        return n;
    }

    static byte[] frame(String mcastId, Message message) {
        byte[] payload = BlockPayload.newBuilder().addMessages(message).build().toByteArray();
        Block block = Block.newBuilder().setMcastId(mcastId).setBlockSeq(0).setCodec(Codec.CODEC_NONE)
                .setMessageCount(1).setPayload(UnsafeByteOperations.unsafeWrap(payload))
                .setCreatedAtMs(System.currentTimeMillis()).setUncompressedSize(payload.length).build();
        return Frame.newBuilder().setBlock(block).build().toByteArray();
    }
}
