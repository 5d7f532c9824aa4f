package dev.roomcast.e2e.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Fails fast, naming the port, when something else on this shared machine already listens on an e2e port. */
final class Ports {

    private Ports() {
    }

    static void requireFree(List<Integer> ports) {
        List<Integer> taken = new ArrayList<>();
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                taken.add(port);
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("e2e ports already in use by another process: " + taken
                    + " (move them all with -Droomcast.e2e.port-base=<base>, now " + Cluster.PORT_BASE + ")");
        }
    }
}
