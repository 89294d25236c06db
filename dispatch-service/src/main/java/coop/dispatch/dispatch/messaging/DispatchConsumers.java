package coop.dispatch.dispatch.messaging;

import coop.dispatch.dispatch.service.Dispatcher;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The topics dispatch follows. Each event is applied once (inbox) and may start a dispatch round. */
@ApplicationScoped
public class DispatchConsumers {
    public static final String DELIVERY_REQUESTS = "delivery-requests";
    public static final String RIDER_STATUS = "rider-status";
    public static final String OFFER_RESPONSES = "offer-responses";
    public static final String DELIVERY_STATUS = "delivery-status";
    public static final String COOP_POLICIES = "coop-policies";

    private final Dispatcher dispatcher;

    public DispatchConsumers(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Incoming(DELIVERY_REQUESTS)
    @Blocking
    public void onDeliveryRequest(String json) {
        handle(DELIVERY_REQUESTS, json);
    }

    @Incoming(RIDER_STATUS)
    @Blocking
    public void onRiderStatus(String json) {
        handle(RIDER_STATUS, json);
    }

    @Incoming(OFFER_RESPONSES)
    @Blocking
    public void onOfferResponse(String json) {
        handle(OFFER_RESPONSES, json);
    }

    @Incoming(DELIVERY_STATUS)
    @Blocking
    public void onDeliveryStatus(String json) {
        handle(DELIVERY_STATUS, json);
    }

    @Incoming(COOP_POLICIES)
    @Blocking
    public void onPolicy(String json) {
        handle(COOP_POLICIES, json);
    }

    private void handle(String channel, String json) {
        dispatcher.handle(channel, json);
    }
}
