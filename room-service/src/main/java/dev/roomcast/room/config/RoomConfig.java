package dev.roomcast.room.config;

import dev.roomcast.common.mailbox.HotWindowKeys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the room-service (prefix {@code roomcast.room}). */
@ConfigMapping(prefix = "roomcast.room")
public interface RoomConfig {

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

    /** host:port where other room-service instances reach this one's gRPC (forwarded publishes). */
    @WithDefault("localhost:8082")
    String advertisedGrpcAddress();

    /** Connector leases. */
    Connectors connectors();

    /** room-service instance leases (room ownership). */
    Instances instances();

    /** Publish API limits. */
    Publish publish();

    /** Mailbox appends of persisted messages. */
    Mailbox mailbox();

    /** gRPC pushes to connectors. */
    Push push();

    /** Per-room delivery mode (push or poll) set by operators. */
    Delivery delivery();

    interface Connectors {
        /** A connector not renewed for this long is expired and its routes are dropped. */
        @WithDefault("15000")
        int leaseMillis();

        /**
         * A lapsed lease is kept this much longer before the connector's routes are dropped: a renewal that
         * arrives late (connector or Redis busy) keeps every route, and delivery to it goes on meanwhile.
         */
        @WithDefault("15000")
        int graceMillis();

        /** How often connectors are told to renew. */
        @WithDefault("5000")
        int renewIntervalMillis();

        /** How often expired connectors are swept and the local live-connector view refreshed. */
        @WithDefault("1000")
        int sweepIntervalMillis();
    }

    interface Instances {
        /** A room-service instance not renewed for this long loses its rooms. */
        @WithDefault("10000")
        int leaseMillis();

        /** How often this instance renews its lease and refreshes the live-instance view. */
        @WithDefault("2000")
        int renewIntervalMillis();
    }

    interface Publish {
        /** Largest accepted message body, in UTF-8 bytes. */
        @WithDefault("4096")
        int maxBodyBytes();

        /** Longest accepted room or user id. */
        @WithDefault("128")
        int maxIdChars();

        /** Deadline of a publish forwarded to the owner instance. */
        @WithDefault("3000")
        int forwardTimeoutMillis();

        /**
         * How long a publish of a persisted type waits for its mailbox append to be durable before it answers
         * {@code persisted=false, queued=true} instead (delivery never waits for it). Keep it below
         * {@code forward-timeout-millis}: a forwarded publish waits on the owner.
         */
        @WithDefault("2000")
        int appendWaitMillis();

        /** How long a publishId is remembered: a repeat within this window answers the first msgId. */
        @WithDefault("600")
        int idempotencyWindowSeconds();
    }

    interface Mailbox {
        /** Entries waiting to be appended; beyond this, publishes are refused with {@code append_queue_full} (retryable). */
        @WithDefault("100000")
        int queueMaxEntries();

        /** Largest AppendBatch. */
        @WithDefault("500")
        int batchMaxEntries();

        /** A partial batch waits at most this long. */
        @WithDefault("20")
        int flushIntervalMillis();

        /** Batches in flight at once. */
        @WithDefault("4")
        int maxInFlight();

        /** Attempts per batch before it is counted as failed. */
        @WithDefault("5")
        int maxAttempts();

        /** First retry back-off; doubles per attempt. */
        @WithDefault("100")
        int retryBackoffMillis();

        /** Deadline of one AppendBatch call. */
        @WithDefault("5000")
        int callTimeoutMillis();

        /** On shutdown, how long the appender may take to drain its queue and in-flight batches; leftovers are logged and counted. */
        @WithDefault("10000")
        int shutdownGraceMillis();

        /**
         * The mailbox's hot window key prefix (mailbox-service's {@code roomcast.mailbox.hot.key-prefix}; they must
         * agree): a room msgId is marked pending there when assigned, so that polls of the room do not pass it
         * before the mailbox has it.
         */
        @WithDefault(HotWindowKeys.DEFAULT_PREFIX)
        String hotKeyPrefix();

        /**
         * How long an assigned msgId's pending marker holds the room's polls back at most (an instance that died
         * before its append landed must not stop them for longer).
         */
        @WithDefault("10000")
        int pendingMaxMillis();
    }

    interface Push {
        /** Pushes in flight per connector; beyond this, blocks to that connector are dropped and counted. */
        @WithDefault("256")
        int maxInFlightPerConnector();

        /** Deadline of one push. */
        @WithDefault("2000")
        int callTimeoutMillis();
    }

    interface Delivery {
        /**
         * Connectors spread a room's switch over this window, so that its viewers do not all start polling
         * the mailbox in the same second (vivo's advice). Sent with every switch.
         */
        @WithDefault("10000")
        int switchWindowMillis();

        /** How long a room's mode read for joins is cached per instance; a switch is re-sent to the route after it. */
        @WithDefault("1000")
        int cacheMillis();

        /** How often the rooms whose {@code until} has passed are put back to push. */
        @WithDefault("1000")
        int expirySweepMillis();

        /** Longest accepted reason. */
        @WithDefault("200")
        int maxReasonChars();
    }
}
