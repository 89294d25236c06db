package coop.dispatch.merchant.messaging;

import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.RiderLocation;
import coop.dispatch.merchant.service.DeliveryService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows riders' positions (rider-status topic) for the tracking page. Only positions of a rider carrying a parcel of
 * ours to its customer are kept; everything else on the topic (other riders, shifts) is ignored. Positions are
 * ephemeral: the channel starts from the latest offset and needs no inbox (older points never overwrite newer ones).
 */
@ApplicationScoped
public class CourierPositionConsumer {
    private static final Logger LOG = Logger.getLogger(CourierPositionConsumer.class);
    public static final String CHANNEL = "rider-positions";

    private final DeliveryService deliveries;

    public CourierPositionConsumer(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onRiderStatus(String json) {
        EventEnvelope event;
        try {
            event = Events.parse(json);
        } catch (RuntimeException e) {
            LOG.warnf("Unreadable event on %s skipped: %s", CHANNEL, e.getMessage());
            return;
        }
        if (Events.is(event, RiderLocation.class)) {
            RiderLocation e = Events.payload(event, RiderLocation.class);
            if (e.location() != null && e.at() != null) {
                deliveries.courierSeen(e.riderId(), e.location().lat(), e.location().lon(), e.at());
            }
        }
    }
}
