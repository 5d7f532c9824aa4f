package dev.roomcast.room.ownership;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static dev.roomcast.room.support.RoomClient.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances: this app ("room-test-a") and a second lease "room-test-b" written to Redis exactly as
 * an instance writes it, whose advertised gRPC address is this app's port. A publish for a room that
 * rendezvous hashing gives to b crosses real gRPC to b's address marked forwarded, and b serves it.
 */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class ForwardingTest {

    static final String SELF = "room-test-a";
    static final String PEER = "room-test-b";

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    @Inject
    RedisDataSource redis;

    @Inject
    RoomOwnership ownership;

    @Inject
    InstanceRegistry registry;

    @AfterEach
    void removePeer() {
        redis.sortedSet(String.class).zrem(Keys.instanceLeases(), PEER);
        redis.hash(String.class).hdel(Keys.instanceAddresses(), PEER);
    }

    @Test
    void publishForARoomOwnedElsewhereIsForwardedOnceAndServedByTheOwner() {
        String peerRoom = roomOwnedBy(PEER, true);
        String ownRoom = roomOwnedBy(SELF, true);

        double before = counter("forwarded");
        given().header("Authorization", TestTokens.service()).contentType("application/json")
                .body("{\"type\":\"CHAT\",\"body\":\"via the owner\"}").post("/v1/rooms/" + peerRoom + "/messages")
                .then().statusCode(200);
        assertThat(counter("forwarded")).isEqualTo(before + 1);

        given().header("Authorization", TestTokens.service()).contentType("application/json")
                .body("{\"type\":\"CHAT\",\"body\":\"served here\"}").post("/v1/rooms/" + ownRoom + "/messages")
                .then().statusCode(200);
        assertThat(counter("forwarded")).isEqualTo(before + 1);

        // Already forwarded: served where it lands even if this instance thinks another owns it.
        var room = RoomClient.withAuth(plain, TestTokens.service());
        long id = room.publish(PublishRequest.newBuilder().setRoomId(peerRoom).setType(MessageType.CHAT).setBody("x")
                .setForwarded(true).build()).await().atMost(WAIT).getMsgId();
        assertThat(id).isPositive();
        assertThat(counter("forwarded")).isEqualTo(before + 1);
    }

    @Test
    void unreachableOwnerIsServedLocallyAndCounted() {
        leasePeer("localhost:1", System.currentTimeMillis() + 60_000);
        String peerRoom = roomOwnedBy(PEER, false);
        double before = counter("owner_unreachable");
        given().header("Authorization", TestTokens.service()).contentType("application/json")
                .body("{\"type\":\"CHAT\",\"body\":\"owner down\"}").post("/v1/rooms/" + peerRoom + "/messages")
                .then().statusCode(200);
        assertThat(counter("owner_unreachable")).isEqualTo(before + 1);
    }

    @Test
    void roomsOfAnInstanceWhoseLeaseRanOutMoveToTheLiveOnes() {
        String peerRoom = roomOwnedBy(PEER, true);
        assertThat(ownership.ownerOf(peerRoom).id()).isEqualTo(PEER);
        // b stops renewing: its lease lapses and its rooms come here within lease + renew interval.
        leasePeer("localhost:18082", System.currentTimeMillis() - 1);
        await().atMost(Duration.ofSeconds(3)).until(() -> ownership.ownerOf(peerRoom).id().equals(SELF));
        double before = counter("forwarded");
        given().header("Authorization", TestTokens.service()).contentType("application/json")
                .body("{\"type\":\"CHAT\",\"body\":\"moved\"}").post("/v1/rooms/" + peerRoom + "/messages")
                .then().statusCode(200);
        assertThat(counter("forwarded")).isEqualTo(before);
    }

    /** Leases the peer (if asked), waits until this instance sees it, and finds a room rendezvous gives to {@code owner}. */
    private String roomOwnedBy(String owner, boolean lease) {
        String address = lease ? "localhost:18082" : "localhost:1";
        if (lease) {
            leasePeer(address, System.currentTimeMillis() + 60_000);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.live().stream()
                .anyMatch(i -> i.id().equals(PEER) && i.grpcAddress().equals(address)));
        for (int i = 0; i < 1000; i++) {
            String roomId = unique("own") + i;
            if (Rendezvous.owner(roomId, List.of(SELF, PEER)).equals(owner)) {
                assertThat(ownership.ownerOf(roomId).id()).isEqualTo(owner);
                return roomId;
            }
        }
        throw new AssertionError("no room hashes to " + owner);
    }

    private void leasePeer(String address, long expiry) {
        redis.hash(String.class).hset(Keys.instanceAddresses(), PEER, address);
        redis.sortedSet(String.class).zadd(Keys.instanceLeases(), expiry, PEER);
    }

    private static double counter(String outcome) {
        String metrics = given().get("/q/metrics").then().extract().asString();
        Matcher m = Pattern.compile("roomcast_publish_forwards_total\\{outcome=\"" + outcome + "\"} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
