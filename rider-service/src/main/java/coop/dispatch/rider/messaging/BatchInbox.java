package coop.dispatch.rider.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The idempotent inbox of service-commons ({@code processed_event}) for a whole batch of events in one statement:
 * under load one round trip replaces one per event. Same table, same rule: an event id is applied once per consumer.
 * (A batch variant belongs in service-commons' Inbox; until it has one, it lives here.)
 */
@ApplicationScoped
public class BatchInbox {
    private final EntityManager entityManager;

    public BatchInbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records the events as processed by {@code consumer}; returns those that were not already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        Set<UUID> fresh = new HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (consumer, event_id) SELECT ?, unnest(?)
                    ON CONFLICT DO NOTHING RETURNING event_id""")) {
                insert.setString(1, consumer);
                insert.setArray(2, connection.createArrayOf("uuid", eventIds.toArray(UUID[]::new)));
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        });
        return fresh;
    }
}
