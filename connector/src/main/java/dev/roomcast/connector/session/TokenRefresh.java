package dev.roomcast.connector.session;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Refresh;
import jakarta.inject.Singleton;

/**
 * Connections expire with their token: once it has expired the client is asked for a new one (a
 * {@code Refresh} frame), and closed with TOKEN_EXPIRED when none arrives within the grace period. An
 * anonymous connection has no token and never expires this way. Runs in the sweep, on the loop.
 */
@Singleton
public class TokenRefresh {

    private final int graceMillis;
    private final ConnectorMetrics metrics;

    TokenRefresh(ConnectorConfig config, ConnectorMetrics metrics) {
        this.graceMillis = config.refreshGraceMillis();
        this.metrics = metrics;
    }

    void check(Session session, long now) {
        if (session.principal().anonymous()) {
            return; // no token; and Instant.MAX has no epoch millis
        }
        long expiresAt = session.principal().expiresAt().toEpochMilli();
        if (now < expiresAt) {
            return;
        }
        if (session.refreshAskedAtMillis == 0) {
            session.refreshAskedAtMillis = now;
            metrics.refreshAsked();
            session.send(Frame.newBuilder().setRefresh(Refresh.newBuilder()
                    .setExpiresAtMs(expiresAt).setGraceMs(graceMillis)).build());
        } else if (now - session.refreshAskedAtMillis > graceMillis) {
            session.closeWith(ErrorCode.TOKEN_EXPIRED, "token expired and no Refresh within " + graceMillis + " ms");
        }
    }
}
