package coop.dispatch.commons.outbox;

import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/**
 * The only way a service publishes an event: the row is stored in the caller's transaction, so the event exists
 * if and only if the state change committed. {@link OutboxRelay} sends it after commit.
 */
@ApplicationScoped
public class Outbox {
    private final Event<OutboxWritten> written;
    private final Clock clock;

    public Outbox(Event<OutboxWritten> written) {
        this.written = written;
        this.clock = Clock.systemUTC();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String key, Object payload) {
        Instant now = clock.instant();
        EventEnvelope envelope = Events.envelope(key, payload, now);
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.eventId();
        row.topic = topic;
        row.eventKey = key;
        row.eventType = envelope.type();
        row.envelope = Events.toJson(envelope);
        row.createdAt = now;
        row.persist();
        written.fire(new OutboxWritten(envelope.eventId()));
        return envelope;
    }

    /** Fired inside the writing transaction; the relay observes it after a successful commit to send at once. */
    public record OutboxWritten(java.util.UUID eventId) {
    }
}
