package dev.roomcast.gift.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the gift-service (prefix {@code roomcast.gift}). */
@ConfigMapping(prefix = "roomcast.gift")
public interface GiftConfig {

    /** Identifies this instance in routes, leases and metrics; defaults to the host name. */
    Optional<String> instanceId();

    /** Secrets that verify user tokens (issuer roomcast-users; HS256, at least 32 bytes), several during rotation. */
    @WithDefault("roomcast-dev-secret-change-me-0123456789abcdef")
    List<String> tokenSecrets();

    /**
     * Secrets of service credentials (issuer roomcast-services), never the same as {@link #tokenSecrets()}:
     * the first signs this instance's own credential, the rest are accepted during rotation.
     */
    @WithDefault("roomcast-dev-service-secret-change-me-0123456789")
    List<String> serviceTokenSecrets();

    /** Lifetime of the service token this instance mints for its outbound calls (renewed at half-life). */
    @WithDefault("60")
    int serviceTokenTtlMinutes();

    /** First re-push delay after a push the anchor has not acknowledged; doubles per unanswered re-push. */
    @WithDefault("1000")
    long repushInitialMillis();

    /** Ceiling of the re-push back-off: an absent anchor is still retried this often. */
    @WithDefault("30000")
    long repushMaxMillis();

    /** How often the re-push loop looks for rooms whose back-off expired. */
    @WithDefault("100")
    long repushTickMillis();

    /** Most gifts in one GiftPush frame (a re-push sends the oldest unacknowledged ones first). */
    @WithDefault("100")
    int pushBatchMax();

    /**
     * A room whose anchor has not acknowledged anything for this long leaves the re-push loop (counted as
     * abandoned; its gifts stay in the ledger for the anchor's pull). Also the look-back of the resume at start.
     */
    @WithDefault("21600000")
    long repushGiveUpMillis();

    /** A connector channel unused for this long is closed (connectors come and go with their addresses). */
    @WithDefault("600000")
    long connectorChannelIdleMillis();

    /** Most rooms with unacknowledged gifts tracked in memory; beyond it a room waits for the anchor's pull (counted). */
    @WithDefault("10000")
    int pendingRoomsMax();

    /** How long a room's gift route (its connectors) is reused before asking room-service again. */
    @WithDefault("1000")
    long routeCacheMillis();

    /** Deadline of one call to room-service or a connector. */
    @WithDefault("3000")
    long callTimeoutMillis();

    /** Most gifts one pull (gRPC or REST) returns. */
    @WithDefault("500")
    int pullLimitMax();

    /** How often the outbox relay looks for gifts not yet published to the room. */
    @WithDefault("1000")
    long outboxPollMillis();

    /** Most gifts the outbox relay claims per poll. */
    @WithDefault("100")
    int outboxBatchMax();

    /** The first publish lease: after it, a gift not yet published is retried by the relay; doubles per attempt. */
    @WithDefault("5000")
    long publishLeaseMillis();

    /** Ceiling of the publish retry back-off. */
    @WithDefault("60000")
    long publishRetryMaxMillis();

    /** Largest accepted count of one gift order. */
    @WithDefault("100000")
    int countMax();

    /** Largest accepted unit value (smallest currency unit). */
    @WithDefault("1000000000")
    long unitValueMax();
}
