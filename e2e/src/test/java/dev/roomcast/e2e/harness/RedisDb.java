package dev.roomcast.e2e.harness;

import dev.roomcast.devstack.Endpoints;
import dev.roomcast.devstack.RedisCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The few Redis commands the suite needs, spoken in RESP over a socket (no client library to drag in).
 * In Redis Cluster mode ({@link RedisCluster#clusterMode()}) it speaks to every master of the test
 * cluster, database 0 (a cluster has no other): that cluster is the tests' own, so emptying it is allowed.
 */
public final class RedisDb {

    private final String host;
    private final int port;
    private final int database;

    public RedisDb(String host, int port, int database) {
        this.host = host;
        this.port = port;
        this.database = database;
    }

    /** The suite's database: logical DB {@code database} of the standalone Redis, or the whole test cluster. */
    public static RedisDb of(Endpoints servers, int database) {
        return RedisCluster.clusterMode() ? new RedisDb(null, 0, 0) : new RedisDb(servers.redisHost(), servers.redisPort(), database);
    }

    /** Empties this logical database only (never FLUSHALL: other suites share the server); on a cluster, every master. */
    public void flushDb() {
        for (RedisDb target : targets()) {
            String reply = target.call("FLUSHDB");
            if (!reply.startsWith("+OK")) {
                throw new IllegalStateException("FLUSHDB on " + target.host + ":" + target.port + " db " + database
                        + " answered " + reply);
            }
        }
    }

    /** Number of keys in this logical database (on a cluster, over all masters). */
    public long dbSize() {
        long n = 0;
        for (RedisDb target : targets()) {
            n += Long.parseLong(target.call("DBSIZE").substring(1).trim());
        }
        return n;
    }

    private List<RedisDb> targets() {
        if (host != null) {
            return List.of(this);
        }
        return RedisCluster.nodes().stream().filter(RedisCluster.Node::master).map(m -> new RedisDb(m.host(), m.port(), 0)).toList();
    }

    /**
     * A command on one key (the key is the second argument); the first line of the reply (RESP). On a
     * cluster it goes to the master that holds the key's slot (the others answer MOVED). An error
     * reply throws.
     */
    public String command(String... args) {
        String reply = null;
        for (RedisDb target : targets()) {
            reply = target.call(args);
            if (!reply.startsWith("-MOVED")) {
                break;
            }
        }
        if (reply == null || reply.startsWith("-")) {
            throw new IllegalStateException(String.join(" ", args) + " answered " + reply);
        }
        return reply;
    }

    private String call(String... command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out.write(resp("SELECT", Integer.toString(database)));
            out.write(resp(command.length == 1 ? command[0].split(" ") : command));
            out.flush();
            String selected = in.readLine();
            if (selected == null || !selected.startsWith("+OK")) {
                throw new IllegalStateException("SELECT " + database + " answered " + selected);
            }
            return in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + host + ":" + port + " unreachable", e);
        }
    }

    private static byte[] resp(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
