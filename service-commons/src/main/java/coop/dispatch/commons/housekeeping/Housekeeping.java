package coop.dispatch.commons.housekeeping;

import coop.dispatch.commons.outbox.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the outbox and the inbox from growing for ever. Sent outbox rows are deleted after
 * {@code coop.housekeeping.published-outbox-retention} (7 days: long enough to look into what was sent); inbox rows
 * after {@code coop.housekeeping.processed-event-retention} (14 days: longer than the broker keeps messages, so a
 * redelivered event is still recognised). Rows go in chunks, each in its own short transaction.
 */
@ApplicationScoped
public class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    static final int CHUNK = 10_000;

    private final EntityManager em;
    private final Duration inboxRetention;
    private final Duration outboxRetention;

    public Housekeeping(EntityManager em,
                        @ConfigProperty(name = "coop.housekeeping.processed-event-retention", defaultValue = "P14D")
                        Duration inboxRetention,
                        @ConfigProperty(name = "coop.housekeeping.published-outbox-retention", defaultValue = "P7D")
                        Duration outboxRetention) {
        this.em = em;
        this.inboxRetention = inboxRetention;
        this.outboxRetention = outboxRetention;
    }

    /** How many rows a purge deleted. */
    public record Purged(long processedEvents, long publishedOutboxEvents) {
    }

    @Scheduled(every = "${coop.housekeeping.interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = OutboxRelay.NotRunning.class)
    void scheduled() {
        try {
            Purged purged = purge(Instant.now());
            if (purged.processedEvents() + purged.publishedOutboxEvents() > 0) {
                LOG.infof("Housekeeping deleted %d inbox and %d sent outbox rows", purged.processedEvents(),
                        purged.publishedOutboxEvents());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Housekeeping failed, next run retries: %s", e.getMessage());
        }
    }

    /** Deletes inbox rows and sent outbox rows older than their retention, as of {@code now}. */
    public Purged purge(Instant now) {
        long inbox = deleteInChunks(em, "processed_event", "processed_at < ?1", now.minus(inboxRetention), CHUNK);
        long outbox = deleteInChunks(em, "outbox_event", "published_at IS NOT NULL AND published_at < ?1",
                now.minus(outboxRetention), CHUNK);
        return new Purged(inbox, outbox);
    }

    /**
     * Deletes the rows of {@code table} matching {@code condition} (with {@code ?1} bound to {@code cutoff}), at most
     * {@code chunk} per transaction, so that a large backlog never holds locks or a connection for long. Call it
     * outside a transaction; returns how many rows went.
     */
    public static long deleteInChunks(EntityManager em, String table, String condition, Instant cutoff, int chunk) {
        String sql = "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + condition
                + " LIMIT " + chunk + ")";
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() ->
                    em.createNativeQuery(sql).setParameter(1, cutoff).executeUpdate());
            total += deleted;
        } while (deleted == chunk);
        return total;
    }
}
