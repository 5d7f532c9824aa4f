package dev.roomcast.mailbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the mailbox-service (prefix {@code roomcast.mailbox}). */
@ConfigMapping(prefix = "roomcast.mailbox")
public interface MailboxConfig {

    /** Identifies this instance in routes, leases and metrics; defaults to the host name. */
    Optional<String> instanceId();

    /** Secrets that verify user tokens (issuer roomcast-users; HS256, at least 32 bytes), several during rotation. */
    @WithDefault("roomcast-dev-secret-change-me-0123456789abcdef")
    List<String> tokenSecrets();

    /** Secrets that verify service credentials (issuer roomcast-services), never the same as {@link #tokenSecrets()}. */
    @WithDefault("roomcast-dev-service-secret-change-me-0123456789")
    List<String> serviceTokenSecrets();

    /** gRPC calls must carry a service token; off only for local experiments. */
    @WithDefault("true")
    boolean requireServiceToken();

    Append append();

    Retention retention();

    Hot hot();

    Read read();

    Poll poll();

    interface Append {
        /** Most entries one AppendBatch request may carry. */
        @WithDefault("1000")
        int maxBatchEntries();

        /** Largest message body, in UTF-8 bytes. */
        @WithDefault("4096")
        int bodyMaxBytes();

        /** Entries waiting for a group commit; beyond this appends fail fast with RESOURCE_EXHAUSTED. */
        @WithDefault("200000")
        int queueMaxEntries();

        /** Most rows one group-commit statement carries (one round trip, one transaction). */
        @WithDefault("4000")
        int flushMaxRows();

        /** Group commits in flight at once; while they run, new appends gather into the next one. */
        @WithDefault("2")
        int maxInFlight();

        /** How far a message's createdAt may lie in the future (publisher clock skew). */
        @WithDefault("300000")
        long futureSkewMillis();
    }

    interface Retention {
        /** Room timeline (chat, notices) retention. */
        @WithDefault("3")
        int roomDays();

        /** Gift timeline retention. */
        @WithDefault("28")
        int giftDays();

        /** Per-user (private message) timeline retention. */
        @WithDefault("7")
        int userDays();

        /** Global broadcast timeline (mailbox {@code global}) retention. */
        @WithDefault("3")
        int globalDays();

        /** Daily partitions created ahead of today. */
        @WithDefault("3")
        int aheadDays();

        /** How often partitions are created ahead and expired ones dropped. */
        @WithDefault("30")
        int maintenanceEveryMinutes();
    }

    interface Hot {
        /** Messages kept per room in the Redis hot window; older ones are trimmed (and clamp polls). */
        @WithDefault("500")
        int windowCount();

        /** A room's hot keys expire this long after its last append or rebuild (idle rooms leave Redis). */
        @WithDefault("3600")
        int idleTtlSeconds();

        /**
         * How long an append's pending marker holds a room's polls back at most: an instance that died between
         * marking and storing must not stop the room's polls for longer (its sender retries the append).
         */
        @WithDefault("10000")
        int pendingMaxMillis();

        /**
         * Key prefix of the hot cache; keys are {prefix}:{roomId}:hot, :meta and :pending (HotWindowKeys).
         * room-service's {@code roomcast.room.mailbox.hot-key-prefix} must be the same: it marks msgIds pending.
         */
        @WithDefault(dev.roomcast.common.mailbox.HotWindowKeys.DEFAULT_PREFIX)
        String keyPrefix();
    }

    interface Read {
        /** Limit used when a request gives none. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest limit a request may ask for. */
        @WithDefault("200")
        int maxLimit();
    }

    interface Poll {
        /**
         * Poll interval tiers, "minOnline=intervalMillis" pairs; the highest threshold not above the
         * room's online count wins (vivo: under 100 ~1.5 s, 300-1,000 ~2 s, 10k+ ~2.5 s).
         */
        @WithDefault("0=1500,300=2000,10000=2500")
        String tiers();

        /** Interval when the room's online count is unknown (no key in Redis). */
        @WithDefault("1500")
        int unknownOnlineIntervalMillis();

        /**
         * Pollers of a room asking with the same cursor and limit within this time share one JSON answer
         * (see SharedPollAnswers); 0 = every poll computes its own.
         */
        @WithDefault("200")
        int shareMillis();

        /** Most shared poll answers alive at once; past it a poll is answered on its own (counted). */
        @WithDefault("20000")
        int shareMaxEntries();

        /** How long a room's online count is reused before Redis is asked again (0 = every poll). */
        @WithDefault("1000")
        long onlineCacheMillis();

        /** Redis key holding a room's online count (integer string, or a set/zset/hash whose size counts). */
        @WithDefault("rc:{%s}:online")
        String onlineKeyPattern();

        /**
         * Poll requests per second this instance serves comfortably. Above it the tier interval is
         * multiplied by (rate / this), so that polling clients slow down before the mailbox is overloaded.
         * 0 = the interval never rises with load.
         */
        @WithDefault("5000")
        int loadRequestsPerSecond();

        /**
         * Mean poll answer time this instance should keep: above it (polls queue, whatever the rate) the tier
         * interval is multiplied by (mean / this). 0 (default) = only the request rate counts: measured at
         * 5,000 pollers on a saturated 2-core machine, a 200 ms target stretched intervals to 4x and delivery
         * by polling lagged ~20 s, where the plain tiers kept up (README); for operators who prefer that trade.
         */
        @WithDefault("0")
        int loadTargetPollMillis();

        /** Largest multiplier of the tier interval under load (bounds how slow polling may get). */
        @WithDefault("4.0")
        double loadMaxFactor();
    }
}
