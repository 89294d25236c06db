package coop.dispatch.commons.outbox;

import coop.dispatch.contracts.Events;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

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
    public Row publish(String topic, String key, Object payload) {
        Row event = row(topic, key, payload);
        OutboxEvent entity = new OutboxEvent();
        entity.eventId = event.eventId();
        entity.topic = topic;
        entity.eventKey = key;
        entity.eventType = event.type();
        entity.envelope = event.envelope();
        entity.createdAt = event.createdAt();
        entity.persist();
        written.fire(new OutboxWritten(event.eventId()));
        return event;
    }

    /**
     * The same event as a row for a caller that writes it with its own SQL statement (one round trip for the state
     * change and its event); {@link #COLUMNS} in that order, bound by {@link Row#bind}. After the statement commits,
     * the caller calls {@link OutboxRelay#wakeUp()} so that the event leaves at once rather than at the next poll.
     */
    public Row row(String topic, String key, Object payload) {
        return row(topic, key, payload, clock.instant());
    }

    /** The same, for an event that happened at {@code occurredAt} (also the row's creation time). */
    public Row row(String topic, String key, Object payload, Instant occurredAt) {
        UUID eventId = UUID.randomUUID();
        return new Row(eventId, topic, key, Events.typeOf(payload.getClass()),
                Events.toJson(eventId, key, payload, occurredAt), occurredAt);
    }

    /** The columns of an outbox row that {@link Row#bind} binds, in order. */
    public static final String COLUMNS = "event_id, topic, event_key, event_type, envelope, created_at";

    public record Row(UUID eventId, String topic, String key, String type, String envelope,
                      Instant createdAt) {
        /** Binds the six values of {@link #COLUMNS} from parameter {@code first} on; returns the next index. */
        public int bind(PreparedStatement statement, int first) throws SQLException {
            statement.setObject(first, eventId);
            statement.setString(first + 1, topic);
            statement.setString(first + 2, key);
            statement.setString(first + 3, type);
            statement.setString(first + 4, envelope);
            statement.setObject(first + 5, createdAt.atOffset(ZoneOffset.UTC));
            return first + 6;
        }
    }

    /** Fired inside the writing transaction; the relay observes it after a successful commit to send at once. */
    public record OutboxWritten(UUID eventId) {
    }
}
