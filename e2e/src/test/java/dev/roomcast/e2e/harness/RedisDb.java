package dev.roomcast.e2e.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The few Redis commands the suite needs, spoken in RESP over a socket (no client library to drag in). */
public final class RedisDb {

    private final String host;
    private final int port;
    private final int database;

    public RedisDb(String host, int port, int database) {
        this.host = host;
        this.port = port;
        this.database = database;
    }

    /** Empties this logical database only (never FLUSHALL: other suites share the server). */
    public void flushDb() {
        String reply = call("FLUSHDB");
        if (!reply.startsWith("+OK")) {
            throw new IllegalStateException("FLUSHDB on db " + database + " answered " + reply);
        }
    }

    /** Number of keys in this logical database. */
    public long dbSize() {
        String reply = call("DBSIZE");
        return Long.parseLong(reply.substring(1).trim());
    }

    /** Any command; the first line of the reply (RESP). */
    public String command(String... args) {
        return call(args);
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
