package coop.dispatch.merchant.messaging;

import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.merchant.service.PricingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Follows coop-policies (compacted) and stores every pricing policy the rider assembly adopts. */
@ApplicationScoped
public class PolicyConsumer {
    public static final String CHANNEL = "coop-policies";
    private static final Logger LOG = Logger.getLogger(PolicyConsumer.class);

    private final PricingService pricing;
    private final Inbox inbox;

    public PolicyConsumer(PricingService pricing, Inbox inbox) {
        this.pricing = pricing;
        this.inbox = inbox;
    }

    @Incoming(CHANNEL)
    @Transactional
    public void onPolicy(String json) {
        EventEnvelope event;
        try {
            event = Events.parse(json);
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped unreadable coop-policies event: %s", e.getMessage());
            return;
        }
        if (!Events.is(event, PolicyAdopted.class) || !inbox.firstDelivery(CHANNEL, event.eventId())) {
            return;
        }
        try {
            pricing.adopt(Events.payload(event, PolicyAdopted.class));
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped malformed PolicyAdopted %s: %s", event.eventId(), e.getMessage());
        }
    }
}
