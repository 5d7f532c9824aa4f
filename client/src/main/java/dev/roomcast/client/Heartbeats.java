package dev.roomcast.client;

import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;

/**
 * Keeps the heartbeat interval the server asks for (AuthOk, then the shorter one of JoinOk) and
 * notices a dead connection: nothing received for the idle limit means the network dropped without
 * a close (mobile networks do this), so the client reconnects instead of waiting forever.
 */
final class Heartbeats {

    private final Session session;
    private int intervalMillis;
    private int idleMillis;
    private long timer = -1;
    private long lastReceivedAt;

    Heartbeats(Session session) {
        this.session = session;
    }

    void frameReceived() {
        lastReceivedAt = System.currentTimeMillis();
    }

    /** From AuthOk. */
    void configure(int heartbeatMillis, int idleTimeoutMillis) {
        intervalMillis = heartbeatMillis > 0 ? heartbeatMillis : 25_000;
        idleMillis = idleTimeoutMillis > 0 ? idleTimeoutMillis : 3 * intervalMillis;
        restart();
    }

    /** From JoinOk: the server wants a shorter interval while the client is in a room. */
    void roomInterval(int heartbeatMillis) {
        if (heartbeatMillis > 0 && heartbeatMillis < intervalMillis) {
            intervalMillis = heartbeatMillis;
            restart();
        }
    }

    int intervalMillis() {
        return intervalMillis;
    }

    void stop() {
        if (timer >= 0) {
            session.vertx().cancelTimer(timer);
            timer = -1;
        }
    }

    private void restart() {
        stop();
        // Spread the first beat so that thousands of clients connected together do not beat together.
        long first = 1 + (long) (Math.random() * intervalMillis);
        timer = session.vertx().setPeriodic(first, intervalMillis, id -> beat());
    }

    private void beat() {
        long now = System.currentTimeMillis();
        if (now - lastReceivedAt > idleMillis) {
            session.dropConnection(0, "nothing received for " + (now - lastReceivedAt) + " ms", -1);
            return;
        }
        session.send(Frame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(now)).build());
    }
}
