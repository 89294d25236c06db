package coop.dispatch.rider.service;

import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.OfferAccepted;
import coop.dispatch.contracts.events.OfferDeclined;
import coop.dispatch.contracts.events.OfferWithdrawn;
import coop.dispatch.rider.Member;
import coop.dispatch.rider.Offer;
import coop.dispatch.rider.OfferStatus;
import coop.dispatch.rider.rest.OfferAnswerView;
import coop.dispatch.rider.rest.OfferView;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Offers the dispatcher made to riders, and the riders' answers. An offer is answered once: accepting or declining
 * is refused once it is no longer open or its time ran out, and the answer goes back to the dispatcher.
 */
@ApplicationScoped
public class OfferService {
    public static final String OFFERED = "JobOffered";
    public static final String WITHDRAWN = "OfferWithdrawn";
    private static final Logger LOG = Logger.getLogger(OfferService.class);

    private final Outbox outbox;
    private final Event<RiderNotice> notices;
    private final Clock clock = Clock.systemUTC();

    public OfferService(Outbox outbox, Event<RiderNotice> notices) {
        this.outbox = outbox;
        this.notices = notices;
    }

    /**
     * Stores new offers and tells their riders' phones (after commit); an offer already known (redelivered) changes
     * nothing, an offer to an unknown rider is skipped. One statement stores the whole batch: the consumer applies
     * what arrived since its last poll in one transaction, and under load a batch holds hundreds of offers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void offered(List<JobOffered> batch) {
        Map<UUID, Offer> candidates = new LinkedHashMap<>();
        for (JobOffered e : batch) {
            if (e.offerId() == null || e.deliveryId() == null || e.riderId() == null || e.pickup() == null
                    || e.dropoff() == null || e.expiresAt() == null) {
                LOG.errorf("Skipped incomplete JobOffered %s", e);
            } else {
                candidates.putIfAbsent(e.offerId(), newOffer(e));
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Map<UUID, Boolean> stored = new HashMap<>();
        Offer.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_OFFERS)) {
                List<Offer> rows = List.copyOf(candidates.values());
                insert.setArray(1, connection.createArrayOf("uuid", column(rows, o -> o.offerId, UUID[]::new)));
                insert.setArray(2, connection.createArrayOf("uuid", column(rows, o -> o.deliveryId, UUID[]::new)));
                insert.setArray(3, connection.createArrayOf("uuid", column(rows, o -> o.riderId, UUID[]::new)));
                insert.setArray(4, connection.createArrayOf("float8", column(rows, o -> o.pickupLat, Double[]::new)));
                insert.setArray(5, connection.createArrayOf("float8", column(rows, o -> o.pickupLon, Double[]::new)));
                insert.setArray(6, connection.createArrayOf("float8", column(rows, o -> o.dropoffLat, Double[]::new)));
                insert.setArray(7, connection.createArrayOf("float8", column(rows, o -> o.dropoffLon, Double[]::new)));
                insert.setArray(8, connection.createArrayOf("float8",
                        column(rows, o -> o.pickupDistanceMeters, Double[]::new)));
                insert.setArray(9, connection.createArrayOf("int8", column(rows, o -> o.pickupSeconds, Long[]::new)));
                insert.setArray(10, connection.createArrayOf("int8", column(rows, o -> o.riderPayCents, Long[]::new)));
                insert.setArray(11, connection.createArrayOf("timestamptz",
                        column(rows, o -> Timestamp.from(o.offeredAt), Timestamp[]::new)));
                insert.setArray(12, connection.createArrayOf("timestamptz",
                        column(rows, o -> Timestamp.from(o.expiresAt), Timestamp[]::new)));
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getObject(1, UUID.class), rs.getBoolean(2));
                    }
                }
            }
        });
        Instant now = clock.instant();
        for (Offer o : candidates.values()) {
            Boolean fresh = stored.get(o.offerId);
            if (fresh == null) {
                LOG.warnf("Skipped offer %s to unknown rider %s", o.offerId, o.riderId);
            } else if (fresh) {
                notices.fire(new RiderNotice(o.riderId, OFFERED, OfferView.of(o, now)));
            }
        }
    }

    /**
     * Inserts the offers whose rider is known and which are not stored yet; answers, for each offer whose rider is
     * known, whether this statement stored it (an offer to an unknown rider is not in the answer).
     */
    private static final String INSERT_OFFERS = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::float8[], ?::float8[], ?::float8[],
                                     ?::float8[], ?::float8[], ?::int8[], ?::int8[], ?::timestamptz[],
                                     ?::timestamptz[])
                    AS i(offer_id, delivery_id, rider_id, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon,
                         pickup_distance_m, pickup_seconds, rider_pay_cents, offered_at, expires_at)
                WHERE EXISTS (SELECT 1 FROM member m WHERE m.id = i.rider_id)),
            stored AS (
                INSERT INTO offer (offer_id, delivery_id, rider_id, status, pickup_lat, pickup_lon, dropoff_lat,
                                   dropoff_lon, pickup_distance_m, pickup_seconds, rider_pay_cents, offered_at,
                                   expires_at)
                SELECT offer_id, delivery_id, rider_id, 'OPEN', pickup_lat, pickup_lon, dropoff_lat, dropoff_lon,
                       pickup_distance_m, pickup_seconds, rider_pay_cents, offered_at, expires_at
                FROM input
                ON CONFLICT (offer_id) DO NOTHING
                RETURNING offer_id)
            SELECT i.offer_id, s.offer_id IS NOT NULL FROM input i LEFT JOIN stored s ON s.offer_id = i.offer_id""";

    private Offer newOffer(JobOffered e) {
        Offer o = new Offer();
        o.offerId = e.offerId();
        o.deliveryId = e.deliveryId();
        o.riderId = e.riderId();
        o.status = OfferStatus.OPEN;
        o.pickupLat = e.pickup().lat();
        o.pickupLon = e.pickup().lon();
        o.dropoffLat = e.dropoff().lat();
        o.dropoffLon = e.dropoff().lon();
        o.pickupDistanceMeters = e.pickupDistanceMeters();
        o.pickupSeconds = e.pickupSeconds();
        o.riderPayCents = e.riderPayCents();
        o.offeredAt = e.offeredAt() == null ? clock.instant() : e.offeredAt();
        o.expiresAt = e.expiresAt();
        return o;
    }

    private static <T> T[] column(List<Offer> rows, Function<Offer, T> field, IntFunction<T[]> array) {
        return rows.stream().map(field).toArray(array);
    }

    /** Closes an offer the dispatcher took back, if the rider has not answered it yet, and tells the phone. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdrawn(OfferWithdrawn e) {
        Offer o = e.offerId() == null ? null : Offer.findById(e.offerId(), LockModeType.PESSIMISTIC_WRITE);
        if (o == null || o.status != OfferStatus.OPEN) {
            return;
        }
        o.status = OfferStatus.WITHDRAWN;
        o.withdrawnReason = e.reason();
        notices.fire(new RiderNotice(o.riderId, WITHDRAWN, new Withdrawn(o.offerId, o.deliveryId, e.reason())));
    }

    /** The rider's offers that can still be answered, the one expiring first first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OfferView> openOffers(UUID riderId) {
        Instant now = clock.instant();
        return Offer.<Offer>list("riderId = ?1 and status = ?2 and expiresAt > ?3", Sort.by("expiresAt"),
                        riderId, OfferStatus.OPEN, now)
                .stream().map(o -> OfferView.of(o, now)).toList();
    }

    @Transactional
    public OfferAnswerView accept(UUID riderId, UUID offerId) {
        Instant now = clock.instant();
        Offer o = answerable(riderId, offerId, now);
        o.status = OfferStatus.ACCEPTED;
        o.answeredAt = now;
        outbox.publish(Topics.OFFER_RESPONSES, o.deliveryId.toString(),
                new OfferAccepted(o.offerId, o.deliveryId, riderId, now));
        return OfferAnswerView.of(o);
    }

    @Transactional
    public OfferAnswerView decline(UUID riderId, UUID offerId) {
        Instant now = clock.instant();
        Offer o = answerable(riderId, offerId, now);
        o.status = OfferStatus.DECLINED;
        o.answeredAt = now;
        outbox.publish(Topics.OFFER_RESPONSES, o.deliveryId.toString(),
                new OfferDeclined(o.offerId, o.deliveryId, riderId, now));
        return OfferAnswerView.of(o);
    }

    /** The offer, for the job it became: its coordinates are copied onto the job. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Offer find(UUID offerId) {
        return offerId == null ? null : Offer.findById(offerId);
    }

    /** Marks open offers whose time ran out, so that the table tells the truth without asking the clock. */
    @Scheduled(every = "${coop.offers.expiry-sweep-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void expireOverdue() {
        Offer.update("status = :expired where status = :open and expiresAt <= :now",
                Map.of("expired", OfferStatus.EXPIRED, "open", OfferStatus.OPEN, "now", clock.instant()));
    }

    private static Offer answerable(UUID riderId, UUID offerId, Instant now) {
        // Locked: an answer and a withdrawal arriving together are applied one after the other.
        Offer o = Offer.findById(offerId, LockModeType.PESSIMISTIC_WRITE);
        if (o == null) {
            throw ApiException.notFound("Offer", offerId);
        }
        if (!o.riderId.equals(riderId)) {
            throw ApiException.forbidden("This offer was made to another rider");
        }
        if (o.status == OfferStatus.EXPIRED || (o.status == OfferStatus.OPEN && o.expiredAt(now))) {
            throw ApiException.conflict("This offer expired at " + o.expiresAt);
        }
        if (o.status != OfferStatus.OPEN) {
            throw ApiException.conflict("This offer was " + o.status.description()
                    + (o.withdrawnReason == null ? "" : " (" + o.withdrawnReason + ")"));
        }
        return o;
    }

    /** What the phone hears when an offer is taken back. */
    public record Withdrawn(UUID offerId, UUID deliveryId, String reason) {
    }
}
