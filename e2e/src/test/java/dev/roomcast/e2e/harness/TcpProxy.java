package dev.roomcast.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP relay the tests control. It stands in for two pieces of a real deployment: the
 * network between a client and its connector (cut every connection, refuse new ones, restore), and
 * the load-balanced Service address of room-service (round robin over live upstreams, skipping a
 * dead one, as a Kubernetes Service would). Bytes are relayed untouched (WebSocket, TCP frames,
 * HTTP/1.1 and HTTP/2 gRPC alike). One thread per direction: the tests hold few connections.
 */
public final class TcpProxy implements AutoCloseable {

    private final String name;
    private final ServerSocket server;
    private final List<InetSocketAddress> upstreams;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile boolean closed;

    public TcpProxy(String name, int listenPort, List<InetSocketAddress> upstreams) {
        this.name = name;
        this.upstreams = List.copyOf(upstreams);
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        } catch (IOException e) {
            throw new IllegalStateException("proxy " + name + " cannot listen on " + listenPort, e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted and relayed so far (reconnects show up here). */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Closes every relayed connection (both sides see a reset); new ones are still accepted. */
    public void cut() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** The link is down: cut everything and close each new connection at once. */
    public void down() {
        accepting = false;
        cut();
    }

    public void up() {
        accepting = true;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    ServiceProcess.sleep(50);
                }
                continue;
            }
            if (!accepting) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = connectUpstream();
            if (upstream == null) {
                closeQuietly(client);
                continue;
            }
            accepted.incrementAndGet();
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    /** Round robin over the upstreams, skipping the ones that refuse the connection. */
    private Socket connectUpstream() {
        int start = Math.floorMod(next.getAndIncrement(), upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            InetSocketAddress target = upstreams.get((start + i) % upstreams.size());
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(target, 1000);
                return s;
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
        return null;
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                from.setTcpNoDelay(true);
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a cut, or one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-" + name + "-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.setSoLinger(true, 0);   // RST, like a dropped mobile link or a dead host
        } catch (IOException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
    }
}
