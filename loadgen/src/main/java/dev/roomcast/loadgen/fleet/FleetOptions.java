package dev.roomcast.loadgen.fleet;

import dev.roomcast.client.DictionaryProvider;
import dev.roomcast.client.TransportKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How viewers connect; shared by the parent command and the worker processes it forks. */
public final class FleetOptions {

    /** Where roomcast-scheduler keeps the dictionary room-service compresses with. */
    static final String BUNDLED_DICTIONARY = "/dev/roomcast/scheduler/roomcast-blocks.zdict";

    @Option(names = "--room-url", defaultValue = "http://127.0.0.1:8082", description = "room-service base URL (dispatcher, publish)")
    public String roomUrl;

    @Option(names = "--mailbox-url", defaultValue = "http://127.0.0.1:8083", description = "mailbox-service base URL")
    public String mailboxUrl;

    @Option(names = "--gift-url", defaultValue = "http://127.0.0.1:8084", description = "gift-service base URL")
    public String giftUrl;

    @Option(names = "--secret", defaultValue = "${env:ROOMCAST_TOKEN_SECRET:-roomcast-dev-secret-change-me-0123456789abcdef}",
            description = "HS256 secret of viewer and anchor tokens, the services' token-secrets (their dev default)")
    public String secret;

    @Option(names = "--service-secret",
            defaultValue = "${env:ROOMCAST_SERVICE_TOKEN_SECRET:-roomcast-dev-service-secret-change-me-0123456789}",
            description = "HS256 secret of the publishing credential (business and payment backend), the services' service-token-secrets (their dev default)")
    public String serviceSecret = dev.roomcast.common.auth.SecretPolicy.DEVELOPMENT_SERVICE_SECRET;

    @Option(names = "--transport", defaultValue = "WEBSOCKET", description = "WEBSOCKET or TCP")
    public TransportKind transport;

    @Option(names = "--source-addresses", defaultValue = "-1",
            description = "spread connections over 127.0.0.2..(1+N); -1 = enough for --viewers-per-address, 0 = none")
    public int sourceAddresses;

    @Option(names = "--viewers-per-address", defaultValue = "1500",
            description = "connections per source address when --source-addresses is automatic (the connector allows 2,000 per IP by default)")
    public int viewersPerAddress;

    /** Resolves the automatic source-address count for a run of {@code viewers}. */
    public void resolveSourceAddresses(int viewers) {
        if (sourceAddresses < 0) {
            sourceAddresses = Math.max(2, (viewers + viewersPerAddress - 1) / Math.max(1, viewersPerAddress));
        }
    }

    @Option(names = "--io-threads", defaultValue = "2", description = "client I/O threads per process")
    public int ioThreads;

    @Option(names = "--http-connections", defaultValue = "256",
            description = "pooled HTTP connections per process for the viewers' REST calls (dispatcher, mailbox)")
    public int httpConnections;

    @Option(names = "--decode-fraction", defaultValue = "0.05",
            description = "share of viewers that decompress, de-duplicate and time every message (the rest count blocks)")
    public double decodeFraction;

    @Option(names = "--anonymous-viewers", defaultValue = "0", description = "share of viewers connecting with a device id")
    public double anonymousViewers;

    @Option(names = "--join-rate", defaultValue = "500", description = "joins per second: ramp-up, then leave/join churn")
    public double joinRate;

    @Option(names = "--churn-rate", defaultValue = "-1",
            description = "leave+join per second after the ramp; -1 = min(--join-rate, viewers/30): each viewer re-enters about every 30 s")
    public double churnRate;

    /** Resolves the automatic churn rate for a run of {@code viewers}. */
    public void resolveChurnRate(int viewers) {
        if (churnRate < 0) {
            churnRate = Math.min(joinRate, viewers / 30.0);
        }
    }

    @Option(names = "--immediate-priority", defaultValue = "220", description = "messages at or above this priority count as 'immediate'")
    public int immediatePriority;

    @Option(names = "--dictionary", defaultValue = "server",
            description = "zstd dictionary for blocks: 'server' (downloaded from room-service's /v1/dictionaries, the"
                    + " client's default), 'bundled' (roomcast-scheduler's), a file, or 'none' (no dictionary, no download)")
    public String dictionary;

    /** Download dictionaries from room-service (the client's default); 'none' turns it off. */
    public boolean fetchDictionaries() {
        return !"none".equals(dictionary);
    }

    /** The dictionaries viewers hold themselves (downloads fill the gaps unless 'none'). */
    public DictionaryProvider dictionaries() {
        if ("none".equals(dictionary) || "server".equals(dictionary)) {
            return DictionaryProvider.none();
        }
        if ("bundled".equals(dictionary)) {
            return DictionaryProvider.fromClasspath(BUNDLED_DICTIONARY);
        }
        try {
            return DictionaryProvider.of(Files.readAllBytes(Path.of(dictionary)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dictionary " + dictionary, e);
        }
    }

    /** Arguments that recreate these options in a worker process. */
    public List<String> toArgs() {
        List<String> a = new ArrayList<>();
        add(a, "--room-url", roomUrl);
        add(a, "--mailbox-url", mailboxUrl);
        add(a, "--gift-url", giftUrl);
        add(a, "--secret", secret);
        add(a, "--service-secret", serviceSecret);
        add(a, "--transport", transport.name());
        add(a, "--source-addresses", Integer.toString(sourceAddresses));
        add(a, "--io-threads", Integer.toString(ioThreads));
        add(a, "--http-connections", Integer.toString(httpConnections));
        add(a, "--decode-fraction", Double.toString(decodeFraction));
        add(a, "--anonymous-viewers", Double.toString(anonymousViewers));
        add(a, "--join-rate", Double.toString(joinRate));
        add(a, "--churn-rate", Double.toString(churnRate));
        add(a, "--immediate-priority", Integer.toString(immediatePriority));
        add(a, "--dictionary", dictionary);
        return a;
    }

    private static void add(List<String> args, String name, String value) {
        args.add(name);
        args.add(value);
    }
}
