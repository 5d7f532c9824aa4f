package dev.roomcast.room.support;

import dev.roomcast.proto.v1.KickReply;
import dev.roomcast.proto.v1.KickRequest;
import dev.roomcast.proto.v1.MutinyConnectorServiceGrpc;
import dev.roomcast.proto.v1.PushBlockReply;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.PushUserReply;
import dev.roomcast.proto.v1.PushUserRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connector's gRPC side, served by the test app itself on its test port (real gRPC over HTTP/2):
 * records every push it receives, so tests can register "localhost:18082" as a connector address.
 */
@GrpcService
public class RecordingConnector extends MutinyConnectorServiceGrpc.ConnectorServiceImplBase {

    public static final List<PushBlockRequest> BLOCKS = new CopyOnWriteArrayList<>();
    public static final List<PushUserRequest> USERS = new CopyOnWriteArrayList<>();
    public static final List<KickRequest> KICKS = new CopyOnWriteArrayList<>();

    @Override
    public Uni<PushBlockReply> pushBlock(PushBlockRequest request) {
        BLOCKS.add(request);
        return Uni.createFrom().item(PushBlockReply.newBuilder().setDelivered(1).build());
    }

    @Override
    public Uni<PushUserReply> pushUser(PushUserRequest request) {
        USERS.add(request);
        return Uni.createFrom().item(PushUserReply.newBuilder().setDelivered(1).build());
    }

    @Override
    public Uni<KickReply> kick(KickRequest request) {
        KICKS.add(request);
        return Uni.createFrom().item(KickReply.newBuilder().setClosed(1).build());
    }

    public static List<PushBlockRequest> blocksFor(String mcastId) {
        return BLOCKS.stream().filter(b -> b.getMcastId().equals(mcastId)).toList();
    }
}
