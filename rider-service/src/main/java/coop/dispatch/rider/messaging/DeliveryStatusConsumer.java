package coop.dispatch.rider.messaging;

import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryCancelled;
import coop.dispatch.rider.service.JobService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the delivery-status topic for assignments to this cooperative's riders and for cancellations of their jobs
 * (dispatch passes a shop's cancellation on after the assignment, on the same key, so they arrive in that order). The
 * pickups and deliveries this service publishes come back on the same topic; they are already applied, so every other
 * type is ignored.
 */
@ApplicationScoped
public class DeliveryStatusConsumer {
    public static final String CHANNEL = "delivery-status";
    private static final Logger LOG = Logger.getLogger(DeliveryStatusConsumer.class);

    private final JobService jobs;
    private final Inbox inbox;

    public DeliveryStatusConsumer(JobService jobs, Inbox inbox) {
        this.jobs = jobs;
        this.inbox = inbox;
    }

    @Incoming(CHANNEL)
    @Transactional
    public void onStatus(String json) {
        EventEnvelope event;
        try {
            event = Events.parse(json);
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped unreadable delivery-status event: %s", e.getMessage());
            return;
        }
        boolean assigned = Events.is(event, DeliveryAssigned.class);
        if (!(assigned || Events.is(event, DeliveryCancelled.class)) || !inbox.firstDelivery(CHANNEL, event.eventId())) {
            return;
        }
        try {
            if (assigned) {
                jobs.assigned(Events.payload(event, DeliveryAssigned.class));
            } else {
                jobs.cancelled(Events.payload(event, DeliveryCancelled.class));
            }
        } catch (Events.MalformedEventException e) {
            LOG.errorf("Skipped unreadable %s %s: %s", event.type(), event.eventId(), e.getMessage());
        }
    }
}
