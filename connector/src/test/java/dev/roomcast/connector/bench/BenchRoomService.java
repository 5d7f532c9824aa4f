package dev.roomcast.connector.bench;

import dev.roomcast.proto.v1.AnnounceMcastsReply;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MembershipResult;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorReply;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.proto.v1.RoomServiceGrpc;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The minimal room-service the benchmark serves itself (plain grpc-java), so that the connector runs
 * its real join path without Redis: joins are counted, leases granted. Built as a service definition,
 * not an ImplBase subclass, so the Quarkus test application never picks it up as a gRPC service.
 */
final class BenchRoomService {

    ServerServiceDefinition definition() {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(RoomServiceGrpc.getServiceDescriptor())
                .addMethod(RoomServiceGrpc.getJoinMethod(), ServerCalls.asyncUnaryCall(this::join))
                .addMethod(RoomServiceGrpc.getLeaveMethod(), ServerCalls.asyncUnaryCall(this::leave))
                .addMethod(RoomServiceGrpc.getRegisterConnectorMethod(), ServerCalls.asyncUnaryCall(this::registerConnector))
                .addMethod(RoomServiceGrpc.getRenewConnectorMethod(), ServerCalls.asyncUnaryCall(this::renewConnector))
                .addMethod(RoomServiceGrpc.getAnnounceMcastsMethod(), ServerCalls.asyncUnaryCall(this::announceMcasts))
                .addMethod(RoomServiceGrpc.getUpdateMembershipMethod(), ServerCalls.asyncUnaryCall(this::updateMembership));
        return Unimplemented.rest(builder, RoomServiceGrpc.getServiceDescriptor(), Set.of(RoomServiceGrpc.getJoinMethod(),
                RoomServiceGrpc.getLeaveMethod(), RoomServiceGrpc.getRegisterConnectorMethod(),
                RoomServiceGrpc.getRenewConnectorMethod(), RoomServiceGrpc.getAnnounceMcastsMethod(),
                RoomServiceGrpc.getUpdateMembershipMethod())).build();
    }

    final AtomicLong joins = new AtomicLong();
    final AtomicLong leaves = new AtomicLong();

    void join(JoinRequest request, StreamObserver<JoinReply> reply) {
        long online = joins.incrementAndGet() - leaves.get();
        reply.onNext(JoinReply.newBuilder().setOnlineCount(online).setPollIntervalMs(2500)
                .setHeartbeatIntervalMs(25_000).build());
        reply.onCompleted();
    }

    void leave(LeaveRequest request, StreamObserver<LeaveReply> reply) {
        leaves.incrementAndGet();
        reply.onNext(LeaveReply.getDefaultInstance());
        reply.onCompleted();
    }

    /** The connector batches joins and leaves by default: count them the same way. */
    void updateMembership(MembershipBatchRequest request, StreamObserver<MembershipBatchReply> reply) {
        MembershipBatchReply.Builder out = MembershipBatchReply.newBuilder();
        for (MembershipChange change : request.getChangesList()) {
            long online = change.getJoin() ? joins.incrementAndGet() - leaves.get()
                    : joins.get() - leaves.incrementAndGet();
            out.addResults(MembershipResult.newBuilder().setOk(true).setOnlineCount(online)
                    .setPollIntervalMs(2500).setHeartbeatIntervalMs(25_000));
        }
        reply.onNext(out.build());
        reply.onCompleted();
    }

    void registerConnector(RegisterConnectorRequest request, StreamObserver<RegisterConnectorReply> reply) {
        reply.onNext(RegisterConnectorReply.newBuilder().setLeaseMs(15_000).setRenewIntervalMs(5_000).build());
        reply.onCompleted();
    }

    void renewConnector(RenewConnectorRequest request, StreamObserver<RenewConnectorReply> reply) {
        reply.onNext(RenewConnectorReply.newBuilder().setLeaseMs(15_000).build());
        reply.onCompleted();
    }

    void announceMcasts(AnnounceMcastsRequest request, StreamObserver<AnnounceMcastsReply> reply) {
        reply.onNext(AnnounceMcastsReply.newBuilder().setRoutes(request.getMcastsCount()).build());
        reply.onCompleted();
    }
}
