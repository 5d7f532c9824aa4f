package dev.roomcast.client;

import java.util.Objects;
import java.util.UUID;

/**
 * How a client finds and uses Roomcast. Build with {@link #builder(String)}; every value has a
 * working default for a local set started by {@code bin/roomcast up}.
 */
public final class ClientConfig {

    final String dispatcherUrl;
    final String mailboxUrl;
    final String giftUrl;
    final String token;
    final java.util.function.Supplier<String> tokenRefresher;
    final String deviceId;
    final TransportKind transport;
    final String localAddress;
    final String fixedEndpoint;
    final DictionaryProvider dictionaries;
    final boolean fetchDictionaries;
    final long backoffBaseMillis;
    final long backoffMaxMillis;
    final int dedupWindow;
    final int recentHistoryLimit;
    final int recoveryPageSize;
    final int recoveryMaxPages;
    final boolean pollWhileDisconnected;
    final int authTimeoutMillis;
    final String clientVersion;
    final boolean decodeBlocks;
    final boolean compactBlocks;

    private ClientConfig(Builder b) {
        this.dispatcherUrl = b.dispatcherUrl;
        this.mailboxUrl = b.mailboxUrl;
        this.giftUrl = b.giftUrl;
        this.token = b.token;
        this.tokenRefresher = b.tokenRefresher;
        this.deviceId = b.deviceId;
        this.transport = b.transport;
        this.localAddress = b.localAddress;
        this.fixedEndpoint = b.fixedEndpoint;
        this.dictionaries = b.dictionaries;
        this.fetchDictionaries = b.fetchDictionaries;
        this.backoffBaseMillis = b.backoffBaseMillis;
        this.backoffMaxMillis = b.backoffMaxMillis;
        this.dedupWindow = b.dedupWindow;
        this.recentHistoryLimit = b.recentHistoryLimit;
        this.recoveryPageSize = b.recoveryPageSize;
        this.recoveryMaxPages = b.recoveryMaxPages;
        this.pollWhileDisconnected = b.pollWhileDisconnected;
        this.authTimeoutMillis = b.authTimeoutMillis;
        this.clientVersion = b.clientVersion;
        this.decodeBlocks = b.decodeBlocks;
        this.compactBlocks = b.compactBlocks;
    }

    /** @param dispatcherUrl room-service base URL, e.g. {@code http://127.0.0.1:8082} */
    public static Builder builder(String dispatcherUrl) {
        return new Builder(dispatcherUrl);
    }

    public boolean anonymous() {
        return token == null;
    }

    /** Fluent builder; unset values keep their defaults. */
    public static final class Builder {
        private final String dispatcherUrl;
        private String mailboxUrl = "http://127.0.0.1:8083";
        private String giftUrl = "http://127.0.0.1:8084";
        private String token;
        private java.util.function.Supplier<String> tokenRefresher;
        private String deviceId = "device-" + UUID.randomUUID();
        private TransportKind transport = TransportKind.WEBSOCKET;
        private String localAddress;
        private String fixedEndpoint;
        private DictionaryProvider dictionaries = DictionaryProvider.none();
        private boolean fetchDictionaries = true;
        private long backoffBaseMillis = 500;
        private long backoffMaxMillis = 20_000;
        private int dedupWindow = 2048;
        private int recentHistoryLimit = 20;
        private int recoveryPageSize = 200;
        private int recoveryMaxPages = 10;
        private boolean pollWhileDisconnected = true;
        private int authTimeoutMillis = 10_000;
        private String clientVersion = "roomcast-java/0.1";
        private boolean decodeBlocks = true;
        private boolean compactBlocks = true;

        private Builder(String dispatcherUrl) {
            this.dispatcherUrl = Objects.requireNonNull(dispatcherUrl, "dispatcherUrl");
        }

        /** Mailbox base URL used when JoinOk names none. */
        public Builder mailboxUrl(String v) { this.mailboxUrl = v; return this; }

        /** gift-service base URL for an anchor's REST fallback. */
        public Builder giftUrl(String v) { this.giftUrl = v; return this; }

        /** Signed user token (viewer or anchor); without one the client connects anonymously. */
        public Builder token(String v) { this.token = v; return this; }

        /**
         * Answers the connector's {@code Refresh} ask when the token expires: a new token for the same user.
         * Called on the client's event loop, so it must not block (hand out a token fetched ahead of time).
         * Without one an expired connection is closed with TOKEN_EXPIRED.
         */
        public Builder tokenRefresher(java.util.function.Supplier<String> v) { this.tokenRefresher = v; return this; }

        /** Device id for anonymous viewers. */
        public Builder deviceId(String v) { this.deviceId = v; return this; }

        public Builder transport(TransportKind v) { this.transport = v; return this; }

        /** Source IP to bind (e.g. 127.0.0.7), to spread many connections over addresses. */
        public Builder localAddress(String v) { this.localAddress = v; return this; }

        /** Skip the dispatcher: {@code ws://host:port/ws} or {@code host:port} for TCP. */
        public Builder fixedEndpoint(String v) { this.fixedEndpoint = v; return this; }

        /** Dictionaries the app holds itself (asked first; downloads fill the gaps unless turned off). */
        public Builder dictionaries(DictionaryProvider v) { this.dictionaries = v; return this; }

        /**
         * true (default): load the dictionaries in use from the dispatcher's room-service
         * ({@code GET /v1/dictionaries}) at connect, and download one a block names but nobody holds.
         */
        public Builder fetchDictionaries(boolean v) { this.fetchDictionaries = v; return this; }

        /** Reconnect back-off: first delay and ceiling (jittered, doubling). */
        public Builder backoffMillis(long base, long max) { this.backoffBaseMillis = base; this.backoffMaxMillis = max; return this; }

        /** How many recent msgIds each room remembers for de-duplication. */
        public Builder dedupWindow(int v) { this.dedupWindow = v; return this; }

        /** Messages of recent history fetched on entering a room; 0 skips it. */
        public Builder recentHistoryLimit(int v) { this.recentHistoryLimit = v; return this; }

        /** Recovery after a reconnect: page size and page limit of the mailbox range read. */
        public Builder recovery(int pageSize, int maxPages) { this.recoveryPageSize = pageSize; this.recoveryMaxPages = maxPages; return this; }

        /** While the long connection is down, poll the mailbox so that messages keep coming. */
        public Builder pollWhileDisconnected(boolean v) { this.pollWhileDisconnected = v; return this; }

        public Builder authTimeoutMillis(int v) { this.authTimeoutMillis = v; return this; }

        public Builder clientVersion(String v) { this.clientVersion = v; return this; }

        /**
         * false: blocks are only measured ({@link ClientListener#onBlock}), never decompressed or
         * delivered. For load generators that simulate many viewers and render through a sample.
         */
        public Builder decodeBlocks(boolean v) { this.decodeBlocks = v; return this; }

        /**
         * true (default): ask at Auth for blocks in the compact payload form (smaller on the wire; decoded into the
         * same messages). false: the Auth of a client that predates it, for plain blocks only.
         */
        public Builder compactBlocks(boolean v) { this.compactBlocks = v; return this; }

        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
