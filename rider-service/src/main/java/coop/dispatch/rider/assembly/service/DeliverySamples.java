package coop.dispatch.rider.assembly.service;

import coop.dispatch.commons.outbox.OutboxRelay;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.engine.StraightLineTravelTimes;
import coop.dispatch.rider.assembly.config.AssemblyConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The deliveries the impact preview replays: stored from delivery-requests, deleted after the retention period. */
@ApplicationScoped
public class DeliverySamples {
    private static final Logger LOG = Logger.getLogger(DeliverySamples.class);

    private final EntityManager em;
    private final AssemblyConfig config;
    private final Clock clock = Clock.systemUTC();

    public DeliverySamples(EntityManager em, AssemblyConfig config) {
        this.em = em;
        this.config = config;
    }

    /** What a delivery's price depended on, as far as the event tells; the routed distance is not in it. */
    public record Sample(UUID deliveryId, Instant requestedAt, GeoPoint pickup, GeoPoint dropoff,
                         double straightLineMeters, int weightGrams, Long priceCents, Long riderPayCents) {
    }

    /** Stores one requested delivery; a delivery already stored (a redelivered or re-sent event) is kept as is. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(DeliveryRequested d) {
        if (d.deliveryId() == null || d.pickup() == null || d.dropoff() == null || d.requestedAt() == null) {
            throw new IllegalArgumentException("delivery id, pickup, dropoff and request time are required");
        }
        em.createNativeQuery("""
                        INSERT INTO assembly_delivery_sample (delivery_id, requested_at, pickup_lat, pickup_lon,
                            dropoff_lat, dropoff_lon, straight_line_m, weight_grams, price_cents, rider_pay_cents,
                            pricing_version, received_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                        ON CONFLICT (delivery_id) DO NOTHING""")
                .setParameter(1, d.deliveryId())
                .setParameter(2, d.requestedAt())
                .setParameter(3, d.pickup().lat())
                .setParameter(4, d.pickup().lon())
                .setParameter(5, d.dropoff().lat())
                .setParameter(6, d.dropoff().lon())
                .setParameter(7, StraightLineTravelTimes.haversineMeters(d.pickup(), d.dropoff()))
                .setParameter(8, Math.max(d.weightGrams(), 0))
                .setParameter(9, d.priceCents())
                .setParameter(10, d.riderPayCents())
                .setParameter(11, d.pricingVersion())
                .setParameter(12, clock.instant())
                .executeUpdate();
    }

    /** The deliveries requested in [from, to), oldest first, at most {@code limit} (the most recent ones). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Sample> between(Instant from, Instant to, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT delivery_id, requested_at, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon,
                               straight_line_m, weight_grams, price_cents, rider_pay_cents
                        FROM assembly_delivery_sample WHERE requested_at >= ?1 AND requested_at < ?2
                        ORDER BY requested_at DESC LIMIT ?3""")
                .setParameter(1, from)
                .setParameter(2, to)
                .setParameter(3, limit)
                .getResultList();
        List<Sample> samples = new ArrayList<>(rows.size());
        for (int i = rows.size() - 1; i >= 0; i--) {
            Object[] r = rows.get(i);
            samples.add(new Sample((UUID) r[0], instant(r[1]),
                    new GeoPoint(((Number) r[2]).doubleValue(), ((Number) r[3]).doubleValue()),
                    new GeoPoint(((Number) r[4]).doubleValue(), ((Number) r[5]).doubleValue()),
                    ((Number) r[6]).doubleValue(), ((Number) r[7]).intValue(), asLong(r[8]), asLong(r[9])));
        }
        return samples;
    }

    /** A cheap fingerprint of the stored data in a period, so a cached preview is recomputed when it changed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String fingerprint(Instant from, Instant to) {
        Object[] r = (Object[]) em.createNativeQuery("""
                        SELECT count(*), max(received_at) FROM assembly_delivery_sample
                        WHERE requested_at >= ?1 AND requested_at < ?2""")
                .setParameter(1, from)
                .setParameter(2, to)
                .getSingleResult();
        return r[0] + "@" + r[1];
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    void purge() {
        Instant before = clock.instant().minus(config.sampleRetention());
        int deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "DELETE FROM assembly_delivery_sample WHERE requested_at < ?1")
                .setParameter(1, before)
                .executeUpdate());
        if (deleted > 0) {
            LOG.infof("Deleted %d delivery samples requested before %s", deleted, before);
        }
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value);
    }

    private static Long asLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
