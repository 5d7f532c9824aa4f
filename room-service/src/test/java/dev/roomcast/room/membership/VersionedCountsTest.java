package dev.roomcast.room.membership;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static dev.roomcast.room.support.RoomClient.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.McastMembers;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes that carry the connector's own count and version: whatever order they arrive in, and however
 * late, the room's count ends at the connector's newest figure.
 */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class VersionedCountsTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    MutinyRoomServiceGrpc.MutinyRoomServiceStub room;
    String conn;
    AutoCloseable leases;

    @BeforeEach
    void setUp() {
        room = RoomClient.withAuth(plain, TestTokens.service());
        conn = unique("cver");
        RoomClient.register(room, RoomClient.connector(conn, 0));
        leases = RoomClient.keepAlive(room, RoomClient.connector(conn, 0));
    }

    @AfterEach
    void tearDown() throws Exception {
        leases.close();
    }

    @Test
    void aJoinThatTimedOutAndIsAppliedAfterItsCorrectionChangesNothing() {
        String roomId = unique("late");
        update(join(roomId, "u1", 1, 10), join(roomId, "u2", 2, 11));
        // The connector gave up on u3's join (version 12) and corrected its count back to 2 (version 13);
        // the join itself reaches Redis only afterwards.
        update(correction(roomId, 2, 13));
        MembershipBatchReply late = update(join(roomId, "u3", 3, 12));

        assertThat(late.getResults(0).getOk()).isTrue();
        assertThat(late.getResults(0).getOnlineCount()).isEqualTo(2);
        assertThat(online(roomId)).isEqualTo(2);
    }

    @Test
    void reorderedChangesEndAtTheNewestCount() {
        String roomId = unique("order");
        // Sent as join u1 (v1), join u2 (v2), leave u1 (v3), join u4 (v4); they arrive in another order.
        update(leave(roomId, "u1", 1, 3), join(roomId, "u4", 2, 4), join(roomId, "u1", 1, 1), join(roomId, "u2", 2, 2));
        assertThat(online(roomId)).isEqualTo(2);
    }

    @Test
    void aRetriedJoinCountsOnce() {
        String roomId = unique("retry");
        update(join(roomId, "u1", 1, 100));
        update(join(roomId, "u1", 1, 100));
        assertThat(online(roomId)).isEqualTo(1);
    }

    @Test
    void anAnnounceDropsAnMcastThatAnOlderLateJoinCannotBringBack() {
        String roomId = unique("drop");
        update(join(roomId, "u1", 1, 20));
        // The connector's snapshot at version 30 no longer holds the room: the last chunk drops it.
        room.announceMcasts(AnnounceMcastsRequest.newBuilder().setConnectorId(conn).setVersion(30).build())
                .await().atMost(WAIT);
        assertThat(online(roomId)).isZero();
        update(join(roomId, "u2", 2, 25));   // a join sent before the snapshot, applied late
        assertThat(online(roomId)).isZero();
        update(join(roomId, "u3", 1, 31));   // a join after the snapshot counts
        assertThat(online(roomId)).isEqualTo(1);
    }

    @Test
    void anAnnouncedCountOlderThanTheAppliedChangesIsLeftAlone() {
        String roomId = unique("ann");
        update(join(roomId, "u1", 1, 40), join(roomId, "u2", 2, 41));
        room.announceMcasts(AnnounceMcastsRequest.newBuilder().setConnectorId(conn).setVersion(39)
                .addMcasts(McastMembers.newBuilder().setMcastId("room:" + roomId).setMembers(1).setVersion(39))
                .build()).await().atMost(WAIT);
        assertThat(online(roomId)).isEqualTo(2);
    }

    @Test
    void changesWithoutVersionStillMoveTheCountByOne() {
        String roomId = unique("plain");
        update(join(roomId, "u1", 0, 0), join(roomId, "u2", 0, 0), leave(roomId, "u1", 0, 0));
        assertThat(online(roomId)).isEqualTo(1);
    }

    private MembershipBatchReply update(MembershipChange... changes) {
        MembershipBatchReply reply = room.updateMembership(MembershipBatchRequest.newBuilder().setConnectorId(conn)
                .addAllChanges(List.of(changes)).build()).await().atMost(WAIT);
        assertThat(reply.getResultsList()).allSatisfy(r -> assertThat(r.getOk()).as(r.getError()).isTrue());
        return reply;
    }

    private static MembershipChange join(String roomId, String user, int membersAfter, long version) {
        return MembershipChange.newBuilder().setJoin(true).setMcastId("room:" + roomId).setUserId(user)
                .setConnectionId(user + "-c").setMembersAfter(membersAfter).setVersion(version).build();
    }

    private static MembershipChange leave(String roomId, String user, int membersAfter, long version) {
        return MembershipChange.newBuilder().setJoin(false).setMcastId("room:" + roomId).setUserId(user)
                .setConnectionId(user + "-c").setMembersAfter(membersAfter).setVersion(version).build();
    }

    private static MembershipChange correction(String roomId, int membersAfter, long version) {
        return MembershipChange.newBuilder().setCorrection(true).setMcastId("room:" + roomId)
                .setMembersAfter(membersAfter).setVersion(version).build();
    }

    private long online(String roomId) {
        return room.onlineCount(OnlineCountRequest.newBuilder().setRoomId(roomId).build()).await().atMost(WAIT)
                .getOnlineCount();
    }
}
