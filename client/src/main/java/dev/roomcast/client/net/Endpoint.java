package dev.roomcast.client.net;

/** A connector as the dispatcher lists it: where to open a WebSocket or a TCP connection. */
public record Endpoint(String connectorId, String wsUrl, String tcpHost, int tcpPort) {

    public static Endpoint ofTcp(String connectorId, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("tcp address must be host:port: " + hostPort);
        }
        return new Endpoint(connectorId, null, hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    public Endpoint withWsUrl(String url) {
        return new Endpoint(connectorId, url, tcpHost, tcpPort);
    }

    public boolean hasTcp() {
        return tcpHost != null && tcpPort > 0;
    }

    public boolean hasWebSocket() {
        return wsUrl != null && !wsUrl.isEmpty();
    }
}
