package dev.roomcast.room.kick;

import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.KickReply;
import dev.roomcast.proto.v1.KickRequest;
import dev.roomcast.room.delivery.GrpcChannels;
import dev.roomcast.room.route.ConnectorRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes a user's connections on every live connector (KICKED: may come back later; BANNED: do not
 * reconnect). A user can be on any connector, so the kick goes to all of them, one call each, in parallel.
 */
@ApplicationScoped
public class UserKicker {

    /** What a kick reached: connections closed, connectors asked, connectors that did not answer. */
    public record Outcome(int closed, int connectors, int failed) {
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final ConnectorRegistry connectors;
    private final GrpcChannels channels;

    UserKicker(ConnectorRegistry connectors, GrpcChannels channels) {
        this.connectors = connectors;
        this.channels = channels;
    }

    public Uni<Outcome> kick(String userId, ErrorCode code, String reason) {
        return connectors.refresh().flatMap(live -> {
            if (live.isEmpty()) {
                return Uni.createFrom().item(new Outcome(0, 0, 0));
            }
            KickRequest request = KickRequest.newBuilder().setUserId(userId).setCode(code).setReason(reason).build();
            List<Uni<Integer>> calls = new ArrayList<>(live.size());
            for (ConnectorInfo connector : live.values()) {
                calls.add(channels.connector(connector.getGrpcAddress()).kick(request)
                        .ifNoItem().after(CALL_TIMEOUT).fail()
                        .map(KickReply::getClosed)
                        .onFailure().recoverWithItem(-1));
            }
            return Uni.join().all(calls).andFailFast().map(results -> {
                int closed = 0;
                int failed = 0;
                for (int n : results) {
                    if (n < 0) {
                        failed++;
                    } else {
                        closed += n;
                    }
                }
                return new Outcome(closed, results.size(), failed);
            });
        });
    }
}
