package dev.roomcast.connector.transport;

/** Turns a new transport into a session; the session closes the transport itself when limits refuse it. */
public interface Acceptor {

    FrameSink accept(ClientTransport transport);
}
