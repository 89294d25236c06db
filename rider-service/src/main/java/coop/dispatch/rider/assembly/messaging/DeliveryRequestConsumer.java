package coop.dispatch.rider.assembly.messaging;

import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.rider.assembly.service.DeliverySamples;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps what the impact preview needs from every delivery merchants request (where, how heavy, when, what it cost
 * and paid), since rider-service otherwise only sees the deliveries offered to its riders. Cancellations are
 * ignored: a cancelled delivery was priced all the same.
 */
@ApplicationScoped
public class DeliveryRequestConsumer {
    public static final String CHANNEL = "assembly-delivery-requests";
    private static final Logger LOG = Logger.getLogger(DeliveryRequestConsumer.class);

    private final DeliverySamples samples;
    private final Inbox inbox;

    public DeliveryRequestConsumer(DeliverySamples samples, Inbox inbox) {
        this.samples = samples;
        this.inbox = inbox;
    }

    @Incoming(CHANNEL)
    @Transactional
    public void onRequest(String json) {
        EventEnvelope event;
        try {
            event = Events.parse(json);
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped unreadable delivery-requests event: %s", e.getMessage());
            return;
        }
        if (!Events.is(event, DeliveryRequested.class) || !inbox.firstDelivery(CHANNEL, event.eventId())) {
            return;
        }
        try {
            samples.record(Events.payload(event, DeliveryRequested.class));
        } catch (Events.MalformedEventException | IllegalArgumentException e) {
            LOG.errorf("Skipped unusable %s %s: %s", event.type(), event.eventId(), e.getMessage());
        }
    }
}
