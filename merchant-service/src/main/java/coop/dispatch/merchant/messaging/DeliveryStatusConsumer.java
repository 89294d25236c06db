package coop.dispatch.merchant.messaging;

import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryFailed;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.contracts.events.DeliveryUnassignable;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.service.DeliveryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows the delivery-status topic so that a merchant (and its webhooks) sees what dispatch and riders did. */
@ApplicationScoped
public class DeliveryStatusConsumer {
    public static final String CHANNEL = "delivery-status";

    private final DeliveryService deliveries;
    private final Inbox inbox;

    public DeliveryStatusConsumer(DeliveryService deliveries, Inbox inbox) {
        this.deliveries = deliveries;
        this.inbox = inbox;
    }

    @Incoming(CHANNEL)
    @Transactional
    public void onStatus(String json) {
        inbox.receive(CHANNEL, json, this::apply);
    }

    private void apply(EventEnvelope event) {
        if (Events.is(event, DeliveryAssigned.class)) {
            DeliveryAssigned e = Events.payload(event, DeliveryAssigned.class);
            deliveries.applyStatus(e.deliveryId(), DeliveryStatus.ASSIGNED, e.riderId(), e.assignedAt(), null);
        } else if (Events.is(event, DeliveryPickedUp.class)) {
            DeliveryPickedUp e = Events.payload(event, DeliveryPickedUp.class);
            deliveries.applyStatus(e.deliveryId(), DeliveryStatus.PICKED_UP, e.riderId(), e.at(), null);
        } else if (Events.is(event, DeliveryDelivered.class)) {
            DeliveryDelivered e = Events.payload(event, DeliveryDelivered.class);
            deliveries.applyStatus(e.deliveryId(), DeliveryStatus.DELIVERED, e.riderId(), e.at(), null);
        } else if (Events.is(event, DeliveryFailed.class)) {
            DeliveryFailed e = Events.payload(event, DeliveryFailed.class);
            deliveries.applyStatus(e.deliveryId(), DeliveryStatus.FAILED, e.riderId(), e.at(), e.reason());
        } else if (Events.is(event, DeliveryUnassignable.class)) {
            DeliveryUnassignable e = Events.payload(event, DeliveryUnassignable.class);
            deliveries.applyStatus(e.deliveryId(), DeliveryStatus.UNASSIGNABLE, null, e.at(), e.reason());
        }
    }
}
