package dev.roomcast.room.membership;

/**
 * Every Redis key room-service writes (the layout table is in room-service's README). A room's keys
 * carry the {@code {roomId}} hash tag so that one room lives on one Redis Cluster slot (its Lua scripts
 * touch only that slot). The connector registry and the instance registry each carry a fixed tag of
 * their own ({@code {connectors}}, {@code {instances}}) because their lease set and info hash are
 * written and read together in one batch; a connector's mcast index is tagged by the connector id.
 */
public final class Keys {

    private static final String PREFIX = "rc:";

    private Keys() {
    }

    /** The hash tag of an mcast: the room id for {@code room:X} / {@code gift:X}, else the mcast id itself. */
    public static String tagOf(String mcastId) {
        int colon = mcastId.indexOf(':');
        if (colon > 0 && (mcastId.startsWith("room:") || mcastId.startsWith("gift:"))) {
            return mcastId.substring(colon + 1);
        }
        return mcastId;
    }

    /** True for the public channel of a room, the only mcast that counts viewers. */
    public static boolean isRoomChannel(String mcastId) {
        return mcastId.startsWith("room:") && mcastId.length() > 5;
    }

    public static String roomMcast(String roomId) {
        return "room:" + roomId;
    }

    /** Hash connectorId -> member connections of this mcast on that connector. */
    public static String route(String mcastId) {
        return PREFIX + "{" + tagOf(mcastId) + "}:route:" + mcastId;
    }

    /**
     * Hash connectorId -> version of the route count last set from that connector's own sequence, so a
     * late or reordered change with an older version cannot overwrite a newer count. Expires when the
     * mcast has been quiet for {@link Scripts#ROUTE_VERSION_TTL_MILLIS}.
     */
    public static String routeVersion(String mcastId) {
        return PREFIX + "{" + tagOf(mcastId) + "}:routever:" + mcastId;
    }

    /** The room's online connection count (moves with its route counts). */
    public static String online(String roomId) {
        return PREFIX + "{" + roomId + "}:online";
    }

    /** HyperLogLog of the room's unique viewers. */
    public static String viewers(String roomId) {
        return PREFIX + "{" + roomId + "}:viewers";
    }

    /** Hash userId -> enter time (epoch ms) of the room's viewers. */
    public static String enterTimes(String roomId) {
        return PREFIX + "{" + roomId + "}:enter";
    }

    /** The room's last assigned msgId. */
    public static String msgId(String roomId) {
        return PREFIX + "{" + roomId + "}:msgid";
    }

    /**
     * Hash of the room's operator delivery mode: {@code mode} (push|poll), {@code reason}, {@code since}
     * (epoch ms), {@code until} (epoch ms, 0 = none). Absent = push.
     */
    public static String delivery(String roomId) {
        return PREFIX + "{" + roomId + "}:delivery";
    }

    /**
     * Sorted set roomId -> until (epoch ms; +inf = no end) of the rooms an operator set to poll: the gauge
     * counts it, and the expiry sweep takes the due ones. A fixed tag of its own, like the registries.
     */
    public static String pollRooms() {
        return PREFIX + "{delivery}:poll";
    }

    /** Set of mcasts in which a connector has a route entry, so an expired connector's routes can be dropped. */
    public static String connectorMcasts(String connectorId) {
        return PREFIX + "connector:{" + connectorId + "}:mcasts";
    }

    /** Set of the mcasts named by the earlier chunks of a connector's announce still in progress. */
    public static String connectorAnnounce(String connectorId, long announceId) {
        return PREFIX + "connector:{" + connectorId + "}:announce:" + announceId;
    }

    /** Sorted set connectorId -> lease expiry (epoch ms). Same slot as {@link #connectorInfo()}. */
    public static String connectorLeases() {
        return PREFIX + "{connectors}:leases";
    }

    /** Hash connectorId -> ConnectorInfo (protobuf, base64). */
    public static String connectorInfo() {
        return PREFIX + "{connectors}:info";
    }

    /** Sorted set instanceId -> lease expiry (epoch ms) of room-service instances. Same slot as {@link #instanceAddresses()}. */
    public static String instanceLeases() {
        return PREFIX + "{instances}:leases";
    }

    /** Hash instanceId -> advertised gRPC address. */
    public static String instanceAddresses() {
        return PREFIX + "{instances}:grpc";
    }

    /** Hash dictionaryId (decimal) -> learned zstd dictionary bytes. Same slot as the other dictionary keys. */
    public static String dictionaryBytes() {
        return PREFIX + "{dictionaries}:bytes";
    }

    /** Sorted set dictionaryId -> activation time (epoch ms): from then on blocks may use it. */
    public static String dictionaryActivations() {
        return PREFIX + "{dictionaries}:activation";
    }

    /** Counter of learned dictionary ids (an id is never reused). */
    public static String dictionaryNextId() {
        return PREFIX + "{dictionaries}:next-id";
    }

    /** Claim of the instance that trains this interval (SET NX with the interval as TTL: one training per interval). */
    public static String dictionaryTrainingClaim() {
        return PREFIX + "{dictionaries}:training";
    }
}
