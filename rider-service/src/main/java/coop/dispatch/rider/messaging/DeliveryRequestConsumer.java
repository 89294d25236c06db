package coop.dispatch.rider.messaging;

import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.rider.service.DeliveryStops;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows delivery requests for their stop details (addresses, contacts, notes), which the rider who gets the job
 * sees. Storing is idempotent (one row per delivery), so redelivered events need no inbox.
 */
@ApplicationScoped
public class DeliveryRequestConsumer {
    public static final String CHANNEL = "delivery-stops";
    private static final Logger LOG = Logger.getLogger(DeliveryRequestConsumer.class);

    private final DeliveryStops stops;

    public DeliveryRequestConsumer(DeliveryStops stops) {
        this.stops = stops;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onRequest(String json) {
        try {
            EventEnvelope event = Events.parse(json);
            if (Events.is(event, DeliveryRequested.class)) {
                stops.requested(Events.payload(event, DeliveryRequested.class));
            }
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped unreadable delivery request: %s", e.getMessage());
        }
    }
}
