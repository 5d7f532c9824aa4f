package dev.roomcast.connector.session;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.ids.Ids;
import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.AuthOk;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.PayloadFormat;
import dev.roomcast.proto.v1.Refresh;
import dev.roomcast.proto.v1.Role;
import jakarta.inject.Singleton;

/**
 * The first frame: a signed token (any configured secret verifies it, for rotation) or, where allowed,
 * an anonymous viewer's device id. A failed auth closes with a "do not reconnect" code.
 */
@Singleton
public class Authenticator {

    private final ConnectorConfig config;
    private final ServiceCredentials credentials;
    private final ConnectionRegistry connections;
    private final ConnectorMetrics metrics;

    Authenticator(ConnectorConfig config, ServiceCredentials credentials, ConnectionRegistry connections,
            ConnectorMetrics metrics) {
        this.config = config;
        this.credentials = credentials;
        this.connections = connections;
        this.metrics = metrics;
    }

    /**
     * A new token for the same user, asked for by the server ({@link TokenRefresh}) or sent ahead of time:
     * the connection lives on until the new expiry. Rooms already joined stay joined.
     */
    void refresh(Session session, long reqId, Refresh refresh) {
        if (session.principal().anonymous()) {
            session.sendError(reqId, ErrorCode.NOT_ALLOWED, "anonymous connections have no token to refresh");
            return;
        }
        Principal fresh;
        try {
            fresh = credentials.verifier().verify(refresh.getToken());
        } catch (TokenException e) {
            session.closeWith(e.reason() == TokenException.Reason.EXPIRED ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED,
                    "refresh: " + e.describe());
            return;
        }
        if (!fresh.userId().equals(session.principal().userId()) || fresh.role() != session.principal().role()) {
            session.closeWith(ErrorCode.UNAUTHORIZED, "refresh token is for another user or role");
            return;
        }
        session.principal = fresh;
        session.refreshAskedAtMillis = 0;
        metrics.refreshed();
        session.send(Frame.newBuilder().setReqId(reqId).setRefresh(Refresh.newBuilder()
                .setExpiresAtMs(fresh.expiresAt().toEpochMilli())).build());
    }

    void authenticate(Session session, long reqId, Auth auth) {
        if (session.authenticated()) {
            session.sendError(reqId, ErrorCode.ALREADY_AUTHENTICATED, "already authenticated");
            return;
        }
        Principal principal;
        if (!auth.getToken().isEmpty()) {
            try {
                principal = credentials.verifier().verify(auth.getToken());
            } catch (TokenException e) {
                ErrorCode code = e.reason() == TokenException.Reason.EXPIRED
                        ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED;
                session.closeWith(code, e.describe());
                return;
            }
        } else if (!auth.getDeviceId().isEmpty()) {
            if (!config.allowAnonymous()) {
                session.closeWith(ErrorCode.ANONYMOUS_NOT_ALLOWED, "anonymous viewers are not allowed here");
                return;
            }
            if (!Ids.isDeviceId(auth.getDeviceId())) {
                session.closeWith(ErrorCode.UNAUTHORIZED, Ids.DEVICE_ID_RULE);
                return;
            }
            principal = Principal.anonymous(auth.getDeviceId());
        } else {
            session.closeWith(ErrorCode.UNAUTHORIZED, "token or device id required");
            return;
        }
        session.principal = principal;
        session.compactBlocks = readsCompact(session, auth);
        connections.authenticated(session);
        metrics.authenticated(session.transport().kind());
        session.send(Frame.newBuilder().setReqId(reqId).setAuthOk(AuthOk.newBuilder()
                .setPayloadFormat(session.compactBlocks ? PayloadFormat.PAYLOAD_COMPACT : PayloadFormat.PAYLOAD_PLAIN)
                .setUserId(principal.userId())
                .setRole(Role.valueOf(principal.role().name()))
                .setHeartbeatIntervalMs(config.heartbeatIntervalMillis())
                .setIdleTimeoutMs(config.idleTimeoutMillis())
                .setConnectionId(session.connectionId())
                .setConnectorId(credentials.connectorId())).build());
    }

    /**
     * The compact form goes only to a client that asked for it: one that lists nothing (an old client) keeps
     * the plain form it always read. WebSocket JSON clients get the frame printed as JSON and its payload as
     * opaque bytes, so they keep the plain form too.
     */
    private boolean readsCompact(Session session, Auth auth) {
        return config.compactPayloadEnabled() && !session.transport().json()
                && auth.getPayloadFormatsList().contains(PayloadFormat.PAYLOAD_COMPACT);
    }
}
