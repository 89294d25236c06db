package coop.dispatch.rider.service;

import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.rider.Job;
import coop.dispatch.rider.JobStatus;
import coop.dispatch.rider.Member;
import coop.dispatch.rider.Offer;
import coop.dispatch.rider.rest.JobView;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Deliveries assigned to riders and their way from pickup to dropoff, announced on delivery-status. */
@ApplicationScoped
public class JobService {
    public static final String ASSIGNED = "DeliveryAssigned";
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final Outbox outbox;
    private final Event<RiderNotice> notices;
    private final Clock clock = Clock.systemUTC();

    public JobService(Outbox outbox, Event<RiderNotice> notices) {
        this.outbox = outbox;
        this.notices = notices;
    }

    /**
     * Creates the job of an assignment to one of this cooperative's riders. If the assignment names an offer, it
     * must be an offer made to that same rider; a repeated assignment of the same delivery changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void assigned(DeliveryAssigned e) {
        if (e.deliveryId() == null || e.riderId() == null) {
            LOG.errorf("Skipped incomplete DeliveryAssigned %s", e);
            return;
        }
        if (Job.findById(e.deliveryId()) != null) {
            return;
        }
        Member rider = Member.findById(e.riderId());
        if (rider == null || !rider.hasRole(Roles.RIDER)) {
            LOG.warnf("Skipped assignment of delivery %s to %s, who is not a rider here", e.deliveryId(), e.riderId());
            return;
        }
        Offer offer = e.offerId() == null ? null : Offer.findById(e.offerId());
        if (offer != null && (!offer.riderId.equals(e.riderId()) || !offer.deliveryId.equals(e.deliveryId()))) {
            LOG.warnf("Skipped assignment of delivery %s to rider %s: offer %s was for delivery %s and rider %s",
                    e.deliveryId(), e.riderId(), offer.offerId, offer.deliveryId, offer.riderId);
            return;
        }
        Job j = new Job();
        j.deliveryId = e.deliveryId();
        j.riderId = e.riderId();
        j.offerId = e.offerId();
        j.status = JobStatus.ASSIGNED;
        j.assignedAt = e.assignedAt() == null ? clock.instant() : e.assignedAt();
        if (offer != null) {
            j.pickupLat = offer.pickupLat;
            j.pickupLon = offer.pickupLon;
            j.dropoffLat = offer.dropoffLat;
            j.dropoffLon = offer.dropoffLon;
        }
        j.persist();
        notices.fire(new RiderNotice(j.riderId, ASSIGNED, JobView.of(j)));
    }

    /** The rider's jobs: the ones in progress first, then the latest finished ones. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JobView> jobs(UUID riderId, int finishedLimit) {
        List<Job> found = new ArrayList<>(Job.<Job>list("riderId = ?1 and status in ?2",
                Sort.by("assignedAt").and("deliveryId"), riderId, JobStatus.ACTIVE));
        found.addAll(Job.<Job>find("riderId = ?1 and status = ?2",
                        Sort.descending("assignedAt", "deliveryId"), riderId, JobStatus.DELIVERED)
                .page(Page.ofSize(finishedLimit)).list());
        return found.stream().map(JobView::of).toList();
    }

    @Transactional
    public JobView pickUp(UUID riderId, UUID deliveryId) {
        Job j = ownJob(riderId, deliveryId);
        if (j.status != JobStatus.ASSIGNED) {
            throw ApiException.conflict("Delivery " + deliveryId + " is already " + j.status);
        }
        Instant now = clock.instant();
        j.status = JobStatus.PICKED_UP;
        j.pickedUpAt = now;
        outbox.publish(Topics.DELIVERY_STATUS, deliveryId.toString(), new DeliveryPickedUp(deliveryId, riderId, now));
        return JobView.of(j);
    }

    @Transactional
    public JobView deliver(UUID riderId, UUID deliveryId) {
        Job j = ownJob(riderId, deliveryId);
        if (j.status == JobStatus.ASSIGNED) {
            throw ApiException.conflict("Delivery " + deliveryId + " is ASSIGNED: pick it up before delivering it");
        }
        if (j.status != JobStatus.PICKED_UP) {
            throw ApiException.conflict("Delivery " + deliveryId + " is already " + j.status);
        }
        Instant now = clock.instant();
        j.status = JobStatus.DELIVERED;
        j.deliveredAt = now;
        outbox.publish(Topics.DELIVERY_STATUS, deliveryId.toString(), new DeliveryDelivered(deliveryId, riderId, now));
        return JobView.of(j);
    }

    private static Job ownJob(UUID riderId, UUID deliveryId) {
        Job j = Job.findById(deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (j == null) {
            throw ApiException.notFound("Job for delivery", deliveryId);
        }
        if (!j.riderId.equals(riderId)) {
            throw ApiException.forbidden("This delivery is assigned to another rider");
        }
        return j;
    }
}
