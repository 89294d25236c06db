package coop.dispatch.rider.messaging;

import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.OfferWithdrawn;
import coop.dispatch.rider.service.OfferService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Follows the dispatch-offers topic: the offers riders' phones show, and their withdrawal. Records come in batches
 * (whatever arrived since the last poll) applied in one transaction: under load one commit serves many offers, so
 * the queue never grows behind the database; under light load a batch is a single offer.
 */
@ApplicationScoped
public class DispatchOfferConsumer {
    public static final String CHANNEL = "dispatch-offers";
    private static final Logger LOG = Logger.getLogger(DispatchOfferConsumer.class);

    private final OfferService offers;
    private final BatchInbox inbox;

    public DispatchOfferConsumer(OfferService offers, BatchInbox inbox) {
        this.offers = offers;
        this.inbox = inbox;
    }

    @Incoming(CHANNEL)
    @Transactional
    public void onOffers(List<String> batch) {
        List<EventEnvelope> events = new ArrayList<>(batch.size());
        for (String json : batch) {
            try {
                events.add(Events.parse(json));
            } catch (Events.MalformedEventException e) {
                LOG.errorf("Skipped unreadable dispatch-offers event: %s", e.getMessage());
            }
        }
        Set<UUID> fresh = inbox.firstDeliveries(CHANNEL, events.stream().map(EventEnvelope::eventId).toList());
        // New offers are stored together first; a withdrawal, always later than its offer, is applied after them.
        List<JobOffered> offered = new ArrayList<>();
        List<OfferWithdrawn> withdrawn = new ArrayList<>();
        for (EventEnvelope event : events) {
            if (!fresh.remove(event.eventId())) {
                continue;
            }
            try {
                if (Events.is(event, JobOffered.class)) {
                    offered.add(Events.payload(event, JobOffered.class));
                } else if (Events.is(event, OfferWithdrawn.class)) {
                    withdrawn.add(Events.payload(event, OfferWithdrawn.class));
                }
            } catch (Events.MalformedEventException e) {
                LOG.errorf("Skipped unreadable %s %s: %s", event.type(), event.eventId(), e.getMessage());
            }
        }
        offers.offered(offered);
        withdrawn.forEach(offers::withdrawn);
    }
}
