package coop.dispatch.commons.inbox;

import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Kafka delivers at least once. A consumer applies each event in a transaction that also records its id here, so a
 * redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class Inbox {
    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final EntityManager entityManager;

    public Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Reads one consumed message and applies it once. A message or payload that cannot be read is logged and
     * skipped: retrying it would block its partition for ever. Call inside the transaction that applies it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void receive(String consumer, String json, Consumer<EventEnvelope> apply) {
        EventEnvelope event;
        try {
            event = Events.parse(json);
        } catch (Events.MalformedEventException e) {
            LOG.errorf("%s skipped an unreadable event: %s", consumer, e.getMessage());
            return;
        }
        if (!firstDelivery(consumer, event.eventId())) {
            return;
        }
        try {
            apply.accept(event);
        } catch (Events.MalformedEventException e) {
            LOG.errorf("%s skipped malformed %s %s: %s", consumer, event.type(), event.eventId(), e.getMessage());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        int inserted = entityManager.createNativeQuery(
                        "INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate();
        return inserted == 1;
    }
}
