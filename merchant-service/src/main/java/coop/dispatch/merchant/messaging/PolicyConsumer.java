package coop.dispatch.merchant.messaging;

import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.merchant.service.PricingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows coop-policies (compacted) and stores every pricing policy the rider assembly adopts. */
@ApplicationScoped
public class PolicyConsumer {
    public static final String CHANNEL = "coop-policies";

    private final PricingService pricing;
    private final Inbox inbox;

    public PolicyConsumer(PricingService pricing, Inbox inbox) {
        this.pricing = pricing;
        this.inbox = inbox;
    }

    @Incoming(CHANNEL)
    @Transactional
    public void onPolicy(String json) {
        inbox.receive(CHANNEL, json, event -> {
            if (Events.is(event, PolicyAdopted.class)) {
                pricing.adopt(Events.payload(event, PolicyAdopted.class));
            }
        });
    }
}
