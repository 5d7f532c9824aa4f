package dev.roomcast.connector.bench;

import io.vertx.core.Vertx;

/** N subscribers of one broker topic plus one publisher, all in the load process (NATS, MQTT). */
abstract class BrokerClients extends Receipts {

    /** Connects {@code n} subscribers (spread over {@code sources} local addresses) and the publisher. */
    abstract void open(Vertx vertx, int n, int port, int sources) throws Exception;

    /** Subscribers connected and subscribed now. */
    abstract int open();

    /** Publishes one frame to every subscriber through the broker. */
    abstract void publish(byte[] frame);
}
