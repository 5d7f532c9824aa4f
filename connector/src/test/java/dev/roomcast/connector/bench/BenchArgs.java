package dev.roomcast.connector.bench;

import java.util.ArrayList;
import java.util.List;

/** Command line of {@link FanoutBench}. */
final class BenchArgs {

    int connections = 15_000;
    List<Integer> rates = new ArrayList<>(List.of(1, 10));
    int seconds = 20;
    long connectorPid;
    int httpPort = 28081;
    int grpcPort;
    int wsPort = 28090;
    int roomPort = 28082;
    int sources = 4;
    String secret = "roomcast-bench-secret-0123456789abcdef-0123456789";
    /** Signs the bench's pushes as room-service would (the connector's service-token-secrets). */
    String serviceSecret = "roomcast-bench-service-secret-0123456789abcdef-01";
    String json;

    static BenchArgs parse(String[] argv) {
        BenchArgs a = new BenchArgs();
        for (int i = 0; i < argv.length; i += 2) {
            String v = argv[i + 1];
            switch (argv[i]) {
                case "--connections" -> a.connections = Integer.parseInt(v);
                case "--blocks-per-sec" -> {
                    a.rates.clear();
                    for (String r : v.split(",")) {
                        a.rates.add(Integer.parseInt(r.trim()));
                    }
                }
                case "--seconds" -> a.seconds = Integer.parseInt(v);
                case "--connector-pid" -> a.connectorPid = Long.parseLong(v);
                case "--http-port" -> a.httpPort = Integer.parseInt(v);
                case "--grpc-port" -> a.grpcPort = Integer.parseInt(v);
                case "--ws-port" -> a.wsPort = Integer.parseInt(v);
                case "--room-port" -> a.roomPort = Integer.parseInt(v);
                case "--sources" -> a.sources = Integer.parseInt(v);
                case "--secret" -> a.secret = v;
                case "--service-secret" -> a.serviceSecret = v;
                case "--json" -> a.json = v;
                default -> throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        if (a.connectorPid == 0) {
            throw new IllegalArgumentException("--connector-pid is required");
        }
        if (a.grpcPort == 0) {
            a.grpcPort = a.httpPort;
        }
        return a;
    }
}
