package coop.dispatch.rider.messaging;

import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.OfferWithdrawn;
import coop.dispatch.rider.service.OfferService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Follows the dispatch-offers topic: the offers riders' phones show, and their withdrawal. */
@ApplicationScoped
public class DispatchOfferConsumer {
    public static final String CHANNEL = "dispatch-offers";
    private static final Logger LOG = Logger.getLogger(DispatchOfferConsumer.class);

    private final OfferService offers;
    private final Inbox inbox;

    public DispatchOfferConsumer(OfferService offers, Inbox inbox) {
        this.offers = offers;
        this.inbox = inbox;
    }

    @Incoming(CHANNEL)
    @Transactional
    public void onOffer(String json) {
        EventEnvelope event;
        try {
            event = Events.parse(json);
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped unreadable dispatch-offers event: %s", e.getMessage());
            return;
        }
        if (!inbox.firstDelivery(CHANNEL, event.eventId())) {
            return;
        }
        try {
            if (Events.is(event, JobOffered.class)) {
                offers.offered(Events.payload(event, JobOffered.class));
            } else if (Events.is(event, OfferWithdrawn.class)) {
                offers.withdrawn(Events.payload(event, OfferWithdrawn.class));
            }
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped unreadable %s %s: %s", event.type(), event.eventId(), e.getMessage());
        }
    }
}
