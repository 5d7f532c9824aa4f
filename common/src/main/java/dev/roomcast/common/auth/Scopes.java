package dev.roomcast.common.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of service-credential scopes ({@code scopes} claim): which operation needs which scope,
 * and which caller holds it. Each service checks the scope where the operation is served; gRPC servers
 * look the method up in {@link #GRPC}. An operation not in the table (reads: routes, online counts,
 * ledgers, mailbox history) needs a verified service credential and no scope.
 *
 * <pre>
 * scope           operations                                               holders
 * membership      RoomService Join, Leave, UpdateMembership,               connector
 *                 RegisterConnector, RenewConnector, AnnounceMcasts
 * gift.relay      GiftService AckGift, PullGifts                           connector
 * gift.send       GiftService SendGift, POST /v1/gifts                     payment backend
 * publish         RoomService Publish, POST /v1/rooms/{id}/messages,       business backend, gift-service (gift
 *                 POST /v1/users/{id}/messages, POST /v1/broadcast,        messages), room-service (forward to
 *                 POST /v1/users/{id}/kick                                 the room's owner)
 * delivery        ConnectorService PushBlock, PushUser, PushGift, Kick,    room-service, gift-service (PushGift)
 *                 Reannounce, SetDeliveryMode
 * mailbox.append  MailboxService AppendBatch                               room-service
 * admin           ConnectorService Drain, POST /admin/drain (connector),   operator
 *                 PUT /v1/rooms/{id}/delivery (room-service)
 * </pre>
 */
public final class Scopes {

    public static final String MEMBERSHIP = "membership";
    public static final String GIFT_RELAY = "gift.relay";
    public static final String GIFT_SEND = "gift.send";
    public static final String PUBLISH = "publish";
    public static final String DELIVERY = "delivery";
    public static final String MAILBOX_APPEND = "mailbox.append";
    public static final String ADMIN = "admin";

    /** A connector: membership and leases at room-service, relaying anchors' acks and pulls; never records gifts nor publishes. */
    public static final Set<String> CONNECTOR = Set.of(MEMBERSHIP, GIFT_RELAY);
    /** room-service: forwards publishes to a room's owner, pushes to connectors, appends to mailboxes. */
    public static final Set<String> ROOM_SERVICE = Set.of(PUBLISH, DELIVERY, MAILBOX_APPEND);
    /** gift-service: publishes gift messages to the room and pushes gifts to the anchor's connector. */
    public static final Set<String> GIFT_SERVICE = Set.of(PUBLISH, DELIVERY);
    /** The payment backend: records paid gifts. */
    public static final Set<String> PAYMENT_BACKEND = Set.of(GIFT_SEND);
    /** The business backend: publishes, broadcasts, kicks. */
    public static final Set<String> BUSINESS_BACKEND = Set.of(PUBLISH);
    /** An operator: drains connectors, sets rooms' delivery modes. */
    public static final Set<String> OPERATOR = Set.of(ADMIN);

    /** Full gRPC method name -> scope needed; a roomcast.v1 method missing here needs no scope. */
    static final Map<String, String> GRPC = Map.ofEntries(
            Map.entry("roomcast.v1.RoomService/Join", MEMBERSHIP),
            Map.entry("roomcast.v1.RoomService/Leave", MEMBERSHIP),
            Map.entry("roomcast.v1.RoomService/UpdateMembership", MEMBERSHIP),
            Map.entry("roomcast.v1.RoomService/RegisterConnector", MEMBERSHIP),
            Map.entry("roomcast.v1.RoomService/RenewConnector", MEMBERSHIP),
            Map.entry("roomcast.v1.RoomService/AnnounceMcasts", MEMBERSHIP),
            Map.entry("roomcast.v1.RoomService/Publish", PUBLISH),
            Map.entry("roomcast.v1.GiftService/SendGift", GIFT_SEND),
            Map.entry("roomcast.v1.GiftService/AckGift", GIFT_RELAY),
            Map.entry("roomcast.v1.GiftService/PullGifts", GIFT_RELAY),
            Map.entry("roomcast.v1.ConnectorService/PushBlock", DELIVERY),
            Map.entry("roomcast.v1.ConnectorService/PushUser", DELIVERY),
            Map.entry("roomcast.v1.ConnectorService/PushGift", DELIVERY),
            Map.entry("roomcast.v1.ConnectorService/Kick", DELIVERY),
            Map.entry("roomcast.v1.ConnectorService/Reannounce", DELIVERY),
            Map.entry("roomcast.v1.ConnectorService/SetDeliveryMode", DELIVERY),
            Map.entry("roomcast.v1.ConnectorService/Drain", ADMIN),
            Map.entry("roomcast.v1.MailboxService/AppendBatch", MAILBOX_APPEND));

    private Scopes() {
    }

    /** The scope a gRPC method needs (full name, e.g. {@code roomcast.v1.GiftService/SendGift}); empty = none. */
    public static Optional<String> forGrpcMethod(String fullMethodName) {
        return Optional.ofNullable(GRPC.get(fullMethodName));
    }

    /**
     * The rule every service applies to a verified caller of an operation: a service credential, carrying
     * the scope when the operation has one. Returns the refusal to report, or empty when allowed.
     */
    public static Optional<String> refusal(Principal caller, Optional<String> scope) {
        if (!caller.isService()) {
            return Optional.of("a service credential is required, got a " + caller.role().claim() + " token");
        }
        if (scope.isPresent() && !caller.allows(scope.get())) {
            return Optional.of("this service credential (" + caller.userId() + ") lacks scope " + scope.get());
        }
        return Optional.empty();
    }
}
