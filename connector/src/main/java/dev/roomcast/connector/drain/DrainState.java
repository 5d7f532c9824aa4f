package dev.roomcast.connector.drain;

import jakarta.inject.Singleton;

/** Whether this connector is draining: new connections are refused, the lease says so. */
@Singleton
public class DrainState {

    private volatile boolean draining;

    public boolean draining() {
        return draining;
    }

    /** @return true if this call started the drain */
    synchronized boolean start() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }
}
