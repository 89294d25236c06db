package coop.dispatch.rider.service;

import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryCancelled;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryFailed;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.rider.Job;
import coop.dispatch.rider.JobStatus;
import coop.dispatch.rider.Member;
import coop.dispatch.rider.Offer;
import coop.dispatch.rider.ProofPhoto;
import coop.dispatch.rider.Shift;
import coop.dispatch.rider.config.ProofConfig;
import coop.dispatch.rider.rest.JobView;
import coop.dispatch.rider.rest.ProofView;
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

/**
 * Deliveries assigned to riders and their way from pickup to dropoff (or to a failure at the door), announced on
 * delivery-status, with the proof of delivery.
 */
@ApplicationScoped
public class JobService {
    public static final String ASSIGNED = "DeliveryAssigned";
    public static final String CANCELLED = "DeliveryCancelled";
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final Outbox outbox;
    private final Event<RiderNotice> notices;
    private final ProofConfig proofConfig;
    private final DeliveryStops stops;
    private final Clock clock = Clock.systemUTC();

    public JobService(Outbox outbox, Event<RiderNotice> notices, ProofConfig proofConfig, DeliveryStops stops) {
        this.stops = stops;
        this.outbox = outbox;
        this.notices = notices;
        this.proofConfig = proofConfig;
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
            j.riderPayCents = offer.riderPayCents;
        }
        j.shiftId = Shift.openOf(e.riderId()).map(s -> s.id).orElse(null);
        j.persist();
        notices.fire(new RiderNotice(j.riderId, ASSIGNED, view(j, false)));
    }

    /**
     * The shop cancelled a delivery this rider was assigned and has not picked up yet (dispatch passes the
     * cancellation on only then): the job ends, the rider is free again and their phone is told.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelled(DeliveryCancelled e) {
        Job j = e.deliveryId() == null ? null : Job.findById(e.deliveryId(), LockModeType.PESSIMISTIC_WRITE);
        if (j == null || j.status != JobStatus.ASSIGNED) {
            return;
        }
        j.status = JobStatus.CANCELLED;
        j.cancelledAt = e.at() == null ? clock.instant() : e.at();
        j.cancelReason = e.reason();
        notices.fire(new RiderNotice(j.riderId, CANCELLED, view(j, false)));
    }

    /** The rider's jobs: the ones in progress first, then the latest finished ones. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JobView> jobs(UUID riderId, int finishedLimit) {
        List<Job> found = new ArrayList<>(Job.<Job>list("riderId = ?1 and status in ?2",
                Sort.by("assignedAt").and("deliveryId"), riderId, JobStatus.ACTIVE));
        found.addAll(Job.<Job>find("riderId = ?1 and status in ?2",
                        Sort.descending("assignedAt", "deliveryId"), riderId, JobStatus.FINISHED)
                .page(Page.ofSize(finishedLimit)).list());
        List<UUID> withPhoto = found.isEmpty() ? List.of() : ProofPhoto.getEntityManager()
                .createQuery("select p.deliveryId from ProofPhoto p where p.deliveryId in :ids", UUID.class)
                .setParameter("ids", found.stream().map(j -> j.deliveryId).toList())
                .getResultList();
        return found.stream().map(j -> view(j, withPhoto.contains(j.deliveryId))).toList();
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
        return view(j, false);
    }

    /**
     * The rider handed the parcel over, optionally with the recipient's name and a photo as proof. The photo is
     * checked before anything changes: a refused photo leaves the job picked up, to be delivered again.
     */
    @Transactional
    public JobView deliver(UUID riderId, UUID deliveryId, String recipientName, byte[] photo) {
        String photoType = photo == null ? null : checkedPhotoType(photo);
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
        j.recipientName = recipientName == null || recipientName.isBlank() ? null : recipientName.strip();
        if (photo != null) {
            ProofPhoto p = new ProofPhoto();
            p.deliveryId = deliveryId;
            p.contentType = photoType;
            p.sizeBytes = photo.length;
            p.content = photo;
            p.uploadedAt = now;
            p.persist();
        }
        outbox.publish(Topics.DELIVERY_STATUS, deliveryId.toString(), new DeliveryDelivered(deliveryId, riderId, now));
        return view(j, photo != null);
    }

    /** The rider could not hand the parcel over (nobody home, refused, wrong address...): the job ends here. */
    @Transactional
    public JobView fail(UUID riderId, UUID deliveryId, String reason) {
        Job j = ownJob(riderId, deliveryId);
        if (j.status == JobStatus.ASSIGNED) {
            throw ApiException.conflict("Delivery " + deliveryId + " is ASSIGNED: a delivery fails at the door, "
                    + "after pick-up; if you cannot collect it, call a coordinator");
        }
        if (j.status != JobStatus.PICKED_UP) {
            throw ApiException.conflict("Delivery " + deliveryId + " is already " + j.status);
        }
        Instant now = clock.instant();
        j.status = JobStatus.FAILED;
        j.failedAt = now;
        j.failureReason = reason.strip();
        outbox.publish(Topics.DELIVERY_STATUS, deliveryId.toString(),
                new DeliveryFailed(deliveryId, riderId, j.failureReason, now));
        return view(j, false);
    }

    /** The proof of a delivery, for its rider or a coordinator ({@code riderId} null). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProofView proof(UUID riderId, UUID deliveryId) {
        Job j = readableJob(riderId, deliveryId);
        return ProofView.of(j, ProofPhoto.findById(deliveryId));
    }

    /** The photo taken on delivery, for its rider or a coordinator ({@code riderId} null). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProofPhoto photo(UUID riderId, UUID deliveryId) {
        readableJob(riderId, deliveryId);
        ProofPhoto p = ProofPhoto.findById(deliveryId);
        if (p == null) {
            throw ApiException.notFound("Proof photo of delivery", deliveryId);
        }
        return p;
    }

    private String checkedPhotoType(byte[] photo) {
        if (photo.length == 0) {
            throw ApiException.badRequest("photo: the file is empty");
        }
        if (photo.length > proofConfig.photoMaxBytes()) {
            throw new ApiException(413, "Payload too large", "photo: " + photo.length + " bytes is more than the "
                    + proofConfig.photoMaxBytes() + " bytes allowed");
        }
        String type = ImageTypes.sniff(photo);
        if (type == null) {
            throw new ApiException(415, "Unsupported media type", "photo: only JPEG, PNG or WebP images are accepted");
        }
        return type;
    }

    private static Job readableJob(UUID riderId, UUID deliveryId) {
        Job j = Job.findById(deliveryId);
        if (j == null) {
            throw ApiException.notFound("Job for delivery", deliveryId);
        }
        if (riderId != null && !j.riderId.equals(riderId)) {
            throw ApiException.forbidden("This delivery is assigned to another rider");
        }
        return j;
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

    private JobView view(Job j, boolean proofPhoto) {
        return JobView.of(j, proofPhoto, stops.of(j.deliveryId).orElse(null));
    }
}
