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

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.UUID;

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

    /** Stores a new offer and tells the rider's phone; an offer already known (redelivered) changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void offered(JobOffered e) {
        offered(e, prefetch(List.of(e)));
    }

    /** {@link #offered(JobOffered)} within a batch: {@code known} holds the offer ids already stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void offered(JobOffered e, Set<UUID> known) {
        if (e.offerId() == null || e.deliveryId() == null || e.riderId() == null || e.pickup() == null
                || e.dropoff() == null || e.expiresAt() == null) {
            LOG.errorf("Skipped incomplete JobOffered %s", e);
            return;
        }
        if (known.contains(e.offerId())) {
            return;
        }
        if (Member.findById(e.riderId()) == null) {
            LOG.warnf("Skipped offer %s to unknown rider %s", e.offerId(), e.riderId());
            return;
        }
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
        o.persist();
        known.add(o.offerId);
        notices.fire(new RiderNotice(o.riderId, OFFERED, OfferView.of(o, clock.instant())));
    }

    /**
     * Reads, in two queries, what {@link #offered} needs for these events: which offers are already stored (their ids
     * are returned) and the riders, kept in the persistence context. A batch of offers then costs no round trip per
     * offer for them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> prefetch(List<JobOffered> batch) {
        List<UUID> offerIds = batch.stream().map(JobOffered::offerId).filter(Objects::nonNull).distinct().toList();
        List<UUID> riderIds = batch.stream().map(JobOffered::riderId).filter(Objects::nonNull).distinct().toList();
        Set<UUID> known = new HashSet<>();
        if (!offerIds.isEmpty()) {
            known.addAll(Offer.getEntityManager()
                    .createQuery("select o.offerId from Offer o where o.offerId in :ids", UUID.class)
                    .setParameter("ids", offerIds).getResultList());
            Member.list("id in ?1", riderIds);
        }
        return known;
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
