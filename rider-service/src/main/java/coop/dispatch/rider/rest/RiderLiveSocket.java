package coop.dispatch.rider.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.service.LiveFeed;
import coop.dispatch.rider.service.OfferService;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.UUID;

/**
 * The rider's phone keeps this WebSocket open to hear of offers at once. The upgrade request carries the bearer
 * token, in the Authorization header or, for browsers which cannot set it, as the subprotocol
 * {@code quarkus-http-upgrade#Authorization#Bearer%20<token>} next to {@code bearer-token-carrier}.
 * The first message, {@code Connected}, lists the offers still open, so nothing offered before it is missed;
 * then come {@code JobOffered}, {@code OfferWithdrawn}, {@code DeliveryAssigned} and {@code DeliveryCancelled}.
 */
@WebSocket(path = "/api/v1/riders/me/live", endpointId = RiderLiveSocket.ENDPOINT_ID)
@RolesAllowed(Roles.RIDER)
public class RiderLiveSocket {
    public static final String ENDPOINT_ID = "rider-live";
    public static final String CONNECTED = "Connected";

    private final SecurityIdentity identity;
    private final LiveFeed feed;
    private final OfferService offers;

    public RiderLiveSocket(SecurityIdentity identity, LiveFeed feed, OfferService offers) {
        this.identity = identity;
        this.feed = feed;
        this.offers = offers;
    }

    @OnOpen
    public String open(WebSocketConnection connection) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new IllegalStateException("The live feed is only open to bearer tokens");
        }
        UUID riderId = CurrentMember.idOf(token);
        // Registered before the open offers are read: an offer committed in between is pushed or listed, or both.
        feed.register(connection, riderId);
        return feed.message(CONNECTED, new Connected(riderId, offers.openOffers(riderId)));
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        feed.unregister(connection);
    }

    public record Connected(UUID riderId, List<OfferView> offers) {
    }
}
