package dev.roomcast.connector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the connector (prefix {@code roomcast.connector}). */
@ConfigMapping(prefix = "roomcast.connector")
public interface ConnectorConfig {

    /** Identifies this instance in routes, leases and metrics; defaults to the host name. */
    Optional<String> instanceId();

    /** Secrets that verify clients' tokens (issuer roomcast-users; HS256, at least 32 bytes), several during rotation. */
    @WithDefault("roomcast-dev-secret-change-me-0123456789abcdef")
    List<String> tokenSecrets();

    /**
     * Secrets of service credentials (issuer roomcast-services), never the same as {@link #tokenSecrets()}:
     * the first signs this connector's own credential, the rest are accepted during rotation.
     */
    @WithDefault("roomcast-dev-service-secret-change-me-0123456789")
    List<String> serviceTokenSecrets();

    /** WebSocket listener port (path {@link #wsPath()}). */
    @WithDefault("8090")
    int wsPort();

    @WithDefault("/ws")
    String wsPath();

    /** Raw TCP listener port (4-byte big-endian length prefix, then a Frame). */
    @WithDefault("8091")
    int tcpPort();

    /** Host name clients and services use to reach this instance (in the lease). */
    @WithDefault("localhost")
    String advertisedHost();

    /** Port of this instance's gRPC ConnectorService as registered with room-service (the HTTP port). */
    @WithDefault("8081")
    int advertisedGrpcPort();

    /** Server instances per transport; 0 = one per Vert.x event loop (spreads accepts and writes). */
    @WithDefault("0")
    int listenerInstances();

    /**
     * Client listeners (WebSocket, TCP) and their connections on a Vert.x instance of their own with the
     * native epoll transport (Linux; NIO with a warning where it is not available). The gRPC server and
     * clients stay on Quarkus's shared Vert.x either way: native transport there broke the gRPC server.
     * Off by default until measured at scale (connector/bench/peers.sh).
     */
    @WithDefault("false")
    boolean nativeTransport();

    /** Event loops of that instance (with {@link #nativeTransport()} only); 0 = one per core. */
    @WithDefault("0")
    int clientEventLoops();

    /** Anonymous viewers (device id, no token) are accepted; never as anchor. */
    @WithDefault("true")
    boolean allowAnonymous();

    /** A connection that has not authenticated within this time gets AUTH_TIMEOUT and is closed. */
    @WithDefault("5000")
    int authTimeoutMillis();

    /**
     * A connection whose token expired is sent a Refresh frame; without a new token within this time it
     * is closed with TOKEN_EXPIRED.
     */
    @WithDefault("10000")
    int refreshGraceMillis();

    /**
     * Connections that list PAYLOAD_COMPACT in Auth.payload_formats (binary frames only) get blocks in the compact
     * form when room-service sent one; off: every connection gets the plain form (e.g. to rule the form out).
     */
    @WithDefault("true")
    boolean compactPayloadEnabled();

    /** Heartbeat interval announced in AuthOk. */
    @WithDefault("30000")
    int heartbeatIntervalMillis();

    /** Shorter heartbeat announced in JoinOk once in a room (room-service may ask for less). */
    @WithDefault("15000")
    int roomHeartbeatIntervalMillis();

    /** A connection silent for longer than this is closed with IDLE_TIMEOUT. */
    @WithDefault("75000")
    int idleTimeoutMillis();

    /** How often auth deadlines, idle limits and blocked writers are checked. */
    @WithDefault("1000")
    int sweepIntervalMillis();

    /** Largest inbound frame accepted; larger ones get FRAME_TOO_LARGE. */
    @WithDefault("16384")
    int maxInboundFrameBytes();

    @WithDefault("8")
    int maxRoomsPerConnection();

    @WithDefault("250000")
    int maxConnections();

    /**
     * File descriptors kept free for gRPC channels, jars and logs: client connections are capped at the
     * process's open-file limit minus this, whatever max-connections says.
     */
    @WithDefault("1000")
    int reservedFileDescriptors();

    @WithDefault("2000")
    int maxConnectionsPerIp();

    /** Inbound frames per second per connection (token bucket refill rate). */
    @WithDefault("20")
    int inboundFramesPerSecond();

    /** Token bucket size: a burst a client may send at once. */
    @WithDefault("40")
    int inboundBurst();

    /** Bad frames and rate violations tolerated before the connection is closed with ABUSE. */
    @WithDefault("10")
    int abuseThreshold();

    /** The abuse score loses one point per this time: scattered bad frames over a long connection do not add up. */
    @WithDefault("30000")
    int abuseDecayMillis();

    /**
     * Bounded outbound bytes per connection; normal blocks are dropped above it; replies and gifts are
     * never dropped, but above twice this bound the connection is closed SLOW.
     */
    @WithDefault("1048576")
    int outboundQueueMaxBytes();

    /** A connection whose outbound queue stays full this long is closed with SLOW. */
    @WithDefault("10000")
    int slowCloseMillis();

    /** Reconnect frames are spread over this window on drain. */
    @WithDefault("10000")
    int drainWindowMillis();

    /** Timeout of a call to room-service or gift-service. */
    @WithDefault("3000")
    int backendTimeoutMillis();

    /** Registration retry and default lease renewal interval (room-service's reply overrides it). */
    @WithDefault("5000")
    int leaseRenewMillis();

    /** Poll interval announced when room-service does not give one. */
    @WithDefault("2000")
    int defaultPollIntervalMillis();

    /** Mailbox REST base given to clients in JoinOk for recent history and recovery. */
    @WithDefault("http://localhost:8083")
    String historyUrl();

    /** Joins/leaves made within this window go to room-service in one UpdateMembership call; 0 = one call each. */
    @WithDefault("5")
    int membershipBatchMillis();

    /** Most changes in one UpdateMembership call (room-service accepts up to 1000); a full batch goes at once. */
    @WithDefault("500")
    int membershipBatchMaxChanges();

    /** Joins/leaves waiting for or inside a batch call; beyond it a change fails at once and is counted. */
    @WithDefault("20000")
    int membershipPendingMax();

    /**
     * How often this connector's member counts are reconciled with room-service (counts only, chunked);
     * drift from lost leaves or joins that timed out is repaired and counted. 0 = never.
     */
    @WithDefault("30000")
    int reconcileIntervalMillis();

    /** Largest AnnounceMcasts chunk; well below room-service's max inbound gRPC message (16 MiB by default). */
    @WithDefault("4194304")
    int announceChunkMaxBytes();

    /**
     * Join admission: the most joins sent to room-service and not yet answered (the adaptive limit moves
     * below it). Beyond the limit a join waits in the connector's bounded queue ({@link #joinsWaitingMax()})
     * instead of piling onto room-service into a time-out storm.
     */
    @WithDefault("4000")
    int joinsInFlightMax();

    /**
     * Where the adaptive join limit starts (it climbs by one per join answered within
     * {@link #joinLatencyTargetMillis()} up to {@link #joinsInFlightMax()}, and falls by a quarter when
     * answers are slower or time out).
     */
    @WithDefault("256")
    int joinsInFlightInitial();

    /** A join answered slower than this lowers the adaptive join limit; well inside the backend timeout. */
    @WithDefault("1000")
    long joinLatencyTargetMillis();

    /**
     * Joins beyond the admission limit wait here for a slot, oldest first; a join arriving when this many
     * wait is refused at once with UNAVAILABLE and a retry-after hint. Bounded by connections times
     * {@link #maxRoomsPerConnection()} anyway; this keeps a storm's queue short enough to serve in time.
     */
    @WithDefault("20000")
    int joinsWaitingMax();

    /** A join that waited this long for an admission slot is refused with a retry-after hint instead. */
    @WithDefault("8000")
    long joinWaitMaxMillis();

    /** Base of the retry-after hint given with UNAVAILABLE; it grows with the joins in flight. */
    @WithDefault("1000")
    int retryAfterMillis();

    /** Push or poll per room: how switches are carried out, and the automatic switch under pressure. */
    Delivery delivery();

    interface Delivery {
        /** A room's viewers are switched at random moments within this window (room-service may send its own). */
        @WithDefault("10000")
        int switchWindowMillis();

        /**
         * The switch-to-poll cursor is this far (in msgId time) below the newest msgId pushed here: a
         * lower-priority message still queued in room-service's scheduler when the room switched has a
         * smaller msgId than what was pushed, and must still be read. Clients de-duplicate by msgId.
         */
        @WithDefault("10000")
        int cursorLookbackMillis();

        /** Sent in SwitchToPush: the client reads the mailbox once this long after resuming push (appends commit after pushes). */
        @WithDefault("1500")
        int pushSettleMillis();

        /**
         * Connections the fan-out's flush task flushes before it lets the tasks queued behind it run (see
         * FlushQueue): a block that arrives meanwhile is written before the rest are flushed and shares their
         * flush. Smaller = coalesces sooner under load, at one task hop per batch.
         */
        @WithDefault("32")
        int flushBatchConnections();

        /** Automatic switching of this connector's biggest rooms to polling when it is over capacity. */
        Pressure pressure();
    }

    interface Pressure {
        /** Off by default: operators switch by hand until capacities below are set for the deployment. */
        @WithDefault("false")
        boolean enabled();

        /** How often pressure is measured and at most one room switched. */
        @WithDefault("1000")
        int evaluateIntervalMillis();

        /** Authenticated connections this connector is sized for (pressure 1.0). */
        @WithDefault("50000")
        long connectionsCapacity();

        /** Outbound bytes per second this connector is sized for (pressure 1.0). */
        @WithDefault("200000000")
        long outboundBytesPerSecondCapacity();

        /** At or above this pressure, one more room goes to polling per evaluation. */
        @WithDefault("0.9")
        double highWatermark();

        /** At or below this pressure, one room comes back to push per evaluation (the gap is the hysteresis). */
        @WithDefault("0.6")
        double lowWatermark();

        /** A room stays in the mode it was put in at least this long; and no two switches come closer than this per connector. */
        @WithDefault("30000")
        int minDwellMillis();

        /** Rooms with fewer local viewers than this are never switched (not worth a mailbox load). */
        @WithDefault("2")
        int minViewers();
    }
}
