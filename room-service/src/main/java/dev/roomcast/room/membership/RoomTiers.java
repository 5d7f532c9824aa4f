package dev.roomcast.room.membership;

/**
 * Room size drives what a joining client is told: the poll interval if it falls back to short
 * polling (vivo's figures: under 100 online ~1.5 s, 300-1,000 ~2 s, 10,000+ ~2.5 s) and the
 * heartbeat interval (big rooms send fewer heartbeats: at 300k viewers each one is 300k requests).
 */
public final class RoomTiers {

    private RoomTiers() {
    }

    public static int pollIntervalMs(long online) {
        if (online < 100) {
            return 1500;
        }
        if (online < 10_000) {
            return 2000;
        }
        return 2500;
    }

    public static int heartbeatIntervalMs(long online) {
        if (online < 1000) {
            return 25_000;
        }
        if (online < 10_000) {
            return 30_000;
        }
        return 45_000;
    }
}
