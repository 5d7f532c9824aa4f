package dev.roomcast.common.auth;

import java.util.Set;

/**
 * The scopes a service credential may carry ({@code scopes} claim) and who is given which. A service
 * checks the scope of the operation called; a credential without the claim is unscoped.
 */
public final class Scopes {

    /** gift-service SendGift: record a paid gift (the payment backend). */
    public static final String GIFT_SEND = "gift.send";
    /** gift-service AckGift / PullGifts on an anchor's behalf (connectors). */
    public static final String GIFT_RELAY = "gift.relay";
    /** room-service membership, leases and routes (connectors). */
    public static final String MEMBERSHIP = "membership";

    /** What a connector's own credential carries: it relays anchors' acks and pulls, it never records gifts. */
    public static final Set<String> CONNECTOR = Set.of(MEMBERSHIP, GIFT_RELAY);

    private Scopes() {
    }
}
