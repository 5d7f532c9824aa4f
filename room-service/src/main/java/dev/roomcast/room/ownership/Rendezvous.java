package dev.roomcast.room.ownership;

import java.util.Collection;

/**
 * Rendezvous (highest random weight) hashing: each room goes to the live instance with the highest
 * hash of (instance, room). When an instance leaves, only its rooms move; when one joins, it takes
 * about 1/N of the rooms. No ring, no virtual nodes, and every instance computes the same owner from
 * the same live set.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    public static String owner(String roomId, Collection<String> instances) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String instance : instances) {
            long score = score(instance, roomId);
            if (best == null || score > bestScore || (score == bestScore && instance.compareTo(best) < 0)) {
                best = instance;
                bestScore = score;
            }
        }
        return best;
    }

    static long score(String instance, String roomId) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, instance);
        h = (h ^ 0xff) * 0x100000001b3L;
        h = fnv(h, roomId);
        return mix(h);
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** splitmix64 finalizer: FNV alone clusters on similar ids such as room-1, room-2. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
