package coop.dispatch.merchant.service;

import coop.dispatch.commons.housekeeping.Housekeeping;
import coop.dispatch.merchant.config.MerchantConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Forgets Idempotency-Keys after {@code coop.deliveries.idempotency-key-retention}: a client retries within minutes,
 * and the table would otherwise grow by one row per keyed delivery forever. The deliveries themselves stay.
 */
@ApplicationScoped
public class IdempotencyKeyPurge {
    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurge.class);
    /** Rows deleted per transaction, so that a large backlog never holds locks or a connection for long. */
    static final int CHUNK = 5_000;

    private final EntityManager em;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();

    public IdempotencyKeyPurge(EntityManager em, MerchantConfig.Deliveries config) {
        this.em = em;
        this.retention = config.idempotencyKeyRetention();
    }

    @Scheduled(every = "${coop.deliveries.idempotency-key-purge-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purgeExpired();
    }

    /** Deletes every key older than the retention; returns how many. */
    public long purgeExpired() {
        Instant cutoff = clock.instant().minus(retention);
        long total = Housekeeping.deleteInChunks(em, "idempotency_key", "created_at < ?1", cutoff, CHUNK);
        if (total > 0) {
            LOG.infof("Forgot %d Idempotency-Keys older than %s", total, cutoff);
        }
        return total;
    }
}
