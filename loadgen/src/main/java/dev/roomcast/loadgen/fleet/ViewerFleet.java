package dev.roomcast.loadgen.fleet;

import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientRuntime;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.loadgen.measure.FleetStats;
import dev.roomcast.loadgen.traffic.RatePacer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The viewers of one process: connects them at the join rate (spread over source addresses), keeps
 * them in their rooms, and after the ramp churns leave/join at the same rate. All counting goes to
 * {@link FleetStats}.
 */
public final class ViewerFleet implements AutoCloseable {

    /** Which room viewer number {@code i} (global numbering across processes) watches. */
    public interface RoomAssignment {
        String roomOf(int viewer);
    }

    private final FleetOptions options;
    private final int firstViewer;
    private final int count;
    private final RoomAssignment rooms;
    private final FleetStats stats = new FleetStats();
    private final ClientRuntime runtime;
    private final Vertx timers;
    private final TokenIssuer issuer;
    // Read by the progress thread (client statistics), added to by the ramp timer.
    private final List<RoomcastClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ViewerListener> listeners = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(17);
    private final CompletableFuture<Void> ramped = new CompletableFuture<>();
    private final dev.roomcast.client.DictionaryProvider dictionaries;
    private long timer = -1;

    public ViewerFleet(FleetOptions options, int firstViewer, int count, RoomAssignment rooms) {
        this.options = options;
        this.firstViewer = firstViewer;
        this.count = count;
        this.rooms = rooms;
        this.runtime = ClientRuntime.create(options.ioThreads, options.httpConnections);
        this.timers = Vertx.vertx();
        this.issuer = TokenIssuer.users(options.secret);
        this.dictionaries = options.dictionaries();
    }

    /** The fleet's counters, with the clients' own poll and recovery statistics summed in. */
    public FleetStats stats() {
        long polls = 0;
        long pollFailures = 0;
        long recovered = 0;
        long recoveryRetries = 0;
        for (RoomcastClient c : clients) {
            dev.roomcast.client.ClientStats s = c.stats();
            polls += s.polls();
            pollFailures += s.pollFailures();
            recovered += s.recovered();
            recoveryRetries += s.recoveryRetries();
        }
        stats.set("clientPolls", polls);
        stats.set("clientPollFailures", pollFailures);
        stats.set("clientRecovered", recovered);
        stats.set("clientRecoveryRetries", recoveryRetries);
        return stats;
    }

    public long started() {
        return clients.size();
    }

    /** Completes when every viewer has been started (not necessarily joined). */
    public CompletableFuture<Void> start() {
        RatePacer ramp = new RatePacer(Math.max(1, options.joinRate), System.nanoTime());
        timer = timers.setPeriodic(10, id -> {
            if (clients.size() < count) {
                int n = ramp.due(System.nanoTime(), count - clients.size());
                for (int i = 0; i < n; i++) {
                    startViewer(clients.size());
                }
                if (clients.size() == count) {
                    ramped.complete(null);
                    startChurn();
                }
            }
        });
        if (count == 0) {
            ramped.complete(null);
        }
        return ramped;
    }

    private void startViewer(int local) {
        int viewer = firstViewer + local;
        boolean anonymous = random.nextDouble() < options.anonymousViewers;
        boolean sampled = random.nextDouble() < options.decodeFraction;
        ClientConfig.Builder config = ClientConfig.builder(options.roomUrl)
                .mailboxUrl(options.mailboxUrl)
                .giftUrl(options.giftUrl)
                .transport(options.transport)
                .localAddress(sourceAddress(viewer))
                .decodeBlocks(sampled)
                .dictionaries(dictionaries)
                .fetchDictionaries(options.fetchDictionaries())
                .dedupWindow(sampled ? 1024 : 16)
                // No history for the timed sample either: its latency must be live messages only.
                .recentHistoryLimit(0)
                .backoffMillis(500, 10_000)
                .clientVersion("roomcast-loadgen/0.1");
        if (anonymous) {
            config.deviceId("loadgen-device-" + viewer);
        } else {
            config.token(issuer.viewer("viewer-" + viewer, Duration.ofHours(6)));
        }
        ViewerListener listener = new ViewerListener(stats, sampled, options.immediatePriority);
        RoomcastClient client = runtime.newClient(config.build(), listener);
        clients.add(client);
        listeners.add(listener);
        client.connect();
        join(client, listener, rooms.roomOf(viewer));
    }

    private void join(RoomcastClient client, ViewerListener listener, String room) {
        client.join(room).whenComplete((online, err) -> {
            if (err == null) {
                listener.joinedAt(System.currentTimeMillis());
                stats.add("joins", 1);
            } else if (!(err instanceof java.util.concurrent.CancellationException)) {
                stats.add("joinFailures", 1);   // refused by the server; a churn leave is not a failure
            }
        });
    }

    /** After the ramp: leave and re-join random viewers at the join rate (enter/leave notices, membership churn). */
    private void startChurn() {
        timers.cancelTimer(timer);
        options.resolveChurnRate(count);
        RatePacer churn = new RatePacer(options.churnRate, System.nanoTime());
        timer = timers.setPeriodic(10, id -> {
            int n = churn.due(System.nanoTime(), 1000);
            for (int i = 0; i < n && !clients.isEmpty(); i++) {
                int local = random.nextInt(clients.size());
                RoomcastClient client = clients.get(local);
                if (client.state() != dev.roomcast.client.ConnectionState.CONNECTED) {
                    continue;                      // churn viewers who are in the room, not ones still connecting
                }
                String room = rooms.roomOf(firstViewer + local);
                client.leave(room);
                join(client, listeners.get(local), room);
                stats.add("churns", 1);
            }
        });
    }

    String sourceAddress(int viewer) {
        if (options.sourceAddresses <= 0) {
            return null;
        }
        return "127.0.0." + (2 + viewer % options.sourceAddresses);
    }

    @Override
    public void close() {
        if (timer >= 0) {
            timers.cancelTimer(timer);
        }
        clients.forEach(RoomcastClient::close);
        try {
            Thread.sleep(300);          // let Leave frames and closes go out before the loops stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
        timers.close();
    }
}
