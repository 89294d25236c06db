package coop.dispatch.rider.service;

import coop.dispatch.commons.housekeeping.Housekeeping;
import coop.dispatch.commons.outbox.OutboxRelay;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.StopDetails;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The addresses, contacts and notes of deliveries' stops, as merchants gave them, kept for the rider who gets the job
 * (the job screen shows them; offers show none of it). Deleted after the retention period.
 */
@ApplicationScoped
public class DeliveryStops {
    private static final Logger LOG = Logger.getLogger(DeliveryStops.class);

    /** A stop as the rider sees it. */
    public record Stop(String address, String contactName, String phone, String notes) {
        static Stop of(Object address, Object contactName, Object phone, Object notes) {
            return address == null && contactName == null && phone == null && notes == null ? null
                    : new Stop((String) address, (String) contactName, (String) phone, (String) notes);
        }
    }

    public record Stops(Stop pickup, Stop dropoff) {
    }

    private final EntityManager em;
    private final Clock clock = Clock.systemUTC();
    private final Duration retention;

    public DeliveryStops(EntityManager em,
                         @ConfigProperty(name = "coop.jobs.stop-details-retention", defaultValue = "P7D")
                         Duration retention) {
        this.em = em;
        this.retention = retention;
    }

    /** Stores a request's stop details once; a redelivered event changes nothing. */
    @Transactional
    public void requested(DeliveryRequested e) {
        StopDetails p = e.pickupStop();
        StopDetails d = e.dropoffStop();
        if (p == null && d == null) {
            return;
        }
        em.createNativeQuery("""
                        INSERT INTO delivery_stops (delivery_id, pickup_address, pickup_contact_name, pickup_phone,
                            pickup_notes, dropoff_address, dropoff_contact_name, dropoff_phone, dropoff_notes, received_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                        ON CONFLICT (delivery_id) DO NOTHING""")
                .setParameter(1, e.deliveryId())
                .setParameter(2, p == null ? null : p.address()).setParameter(3, p == null ? null : p.contactName())
                .setParameter(4, p == null ? null : p.phone()).setParameter(5, p == null ? null : p.notes())
                .setParameter(6, d == null ? null : d.address()).setParameter(7, d == null ? null : d.contactName())
                .setParameter(8, d == null ? null : d.phone()).setParameter(9, d == null ? null : d.notes())
                .setParameter(10, clock.instant())
                .executeUpdate();
    }

    /** The stops of one delivery, if its request was received. */
    public Optional<Stops> of(UUID deliveryId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT pickup_address, pickup_contact_name, pickup_phone, pickup_notes,
                               dropoff_address, dropoff_contact_name, dropoff_phone, dropoff_notes
                        FROM delivery_stops WHERE delivery_id = ?1""")
                .setParameter(1, deliveryId).getResultList();
        return rows.stream().findFirst().map(r -> new Stops(Stop.of(r[0], r[1], r[2], r[3]),
                Stop.of(r[4], r[5], r[6], r[7])));
    }

    @Scheduled(every = "${coop.jobs.stop-details-purge-interval:1h}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = OutboxRelay.NotRunning.class)
    void purge() {
        purgeOlderThan(clock.instant().minus(retention));
    }

    /** Deletes the stop details received before {@code cutoff}, in chunks; returns how many. */
    public long purgeOlderThan(Instant cutoff) {
        long deleted = Housekeeping.deleteInChunks(em, "delivery_stops", "received_at < ?1", cutoff, 10_000);
        if (deleted > 0) {
            LOG.infof("Deleted the stop details of %d deliveries (older than %s)", deleted, retention);
        }
        return deleted;
    }
}
