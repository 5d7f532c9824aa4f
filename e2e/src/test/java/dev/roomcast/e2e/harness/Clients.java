package dev.roomcast.e2e.harness;

import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Creates reference clients against the cluster and closes them (and their I/O threads) at the end of a test. */
public final class Clients implements AutoCloseable {

    private final Cluster cluster;
    private final ClientRuntime runtime = ClientRuntime.create(2);
    private final List<Viewer> created = new ArrayList<>();

    public Clients(Cluster cluster) {
        this.cluster = cluster;
    }

    /** The client's defaults, pointed at the cluster, with a quick back-off (tests wait on reconnects). */
    public ClientConfig.Builder config() {
        return ClientConfig.builder(cluster.dispatcherUrl())
                .mailboxUrl(cluster.mailbox.baseUrl())
                .giftUrl(cluster.gift.baseUrl())
                .backoffMillis(100, 1000);
    }

    public Viewer viewer(String userId) {
        return viewer(userId, c -> c);
    }

    public Viewer viewer(String userId, UnaryOperator<ClientConfig.Builder> tweak) {
        String token = cluster.api.tokens().viewer(userId, Duration.ofHours(1));
        return start(userId, tweak.apply(config().token(token)));
    }

    public Viewer anchor(String userId, String roomId, UnaryOperator<ClientConfig.Builder> tweak) {
        String token = cluster.api.tokens().anchor(userId, List.of(roomId), Duration.ofHours(1));
        return start(userId, tweak.apply(config().token(token)));
    }

    private Viewer start(String userId, ClientConfig.Builder config) {
        Viewer v = new Viewer(userId);
        v.attach(runtime.newClient(config.build(), v));
        v.client().connect();
        synchronized (created) {
            created.add(v);
        }
        return v;
    }

    @Override
    public void close() {
        synchronized (created) {
            created.forEach(Viewer::close);
        }
        runtime.close();
    }
}
