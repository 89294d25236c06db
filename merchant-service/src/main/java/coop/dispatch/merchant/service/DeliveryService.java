package coop.dispatch.merchant.service;

import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.merchant.Delivery;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.DeliveryStatusChange;
import coop.dispatch.merchant.rest.DeliveryRequest;
import coop.dispatch.merchant.rest.DeliveryView;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Creates and reads a merchant's deliveries, and applies the status changes the other services announce. */
@ApplicationScoped
public class DeliveryService {
    private static final Logger LOG = Logger.getLogger(DeliveryService.class);

    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    public DeliveryService(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public DeliveryView create(UUID merchantId, DeliveryRequest request) {
        Instant now = clock.instant();
        checkTimeWindows(request, now);
        Delivery d = new Delivery();
        d.id = UUID.randomUUID();
        d.merchantId = merchantId;
        d.status = DeliveryStatus.REQUESTED;
        d.reference = request.reference();
        DeliveryRequest.Stop pickup = request.pickup();
        d.pickupAddress = pickup.address();
        d.pickupLocation = GeoPoints.point(pickup.location().lat(), pickup.location().lon());
        d.pickupContactName = pickup.contactName();
        d.pickupPhone = pickup.phone();
        d.pickupNotes = pickup.notes();
        d.pickupAfter = pickup.after();
        d.pickupBefore = pickup.before();
        DeliveryRequest.Stop dropoff = request.dropoff();
        d.dropoffAddress = dropoff.address();
        d.dropoffLocation = GeoPoints.point(dropoff.location().lat(), dropoff.location().lon());
        d.dropoffContactName = dropoff.contactName();
        d.dropoffPhone = dropoff.phone();
        d.dropoffNotes = dropoff.notes();
        d.dropoffAfter = dropoff.after();
        d.dropoffBefore = dropoff.before();
        d.weightGrams = request.weightGrams();
        d.createdAt = now;
        d.updatedAt = now;
        d.persist();
        DeliveryStatusChange first = DeliveryStatusChange.of(d.id, d.status, now);
        first.persist();
        outbox.publish(Topics.DELIVERY_REQUESTS, d.id.toString(), new DeliveryRequested(d.id, merchantId,
                pickup.location().toGeoPoint(), dropoff.location().toGeoPoint(), d.pickupAfter, d.pickupBefore,
                d.dropoffAfter, d.dropoffBefore, d.weightGrams, now, null, null, null));
        return DeliveryView.of(d, List.of(first));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DeliveryView get(UUID merchantId, UUID deliveryId) {
        Delivery d = Delivery.findById(deliveryId);
        if (d == null || !d.merchantId.equals(merchantId)) {
            // Another merchant's delivery is reported exactly like a missing one: ids leak nothing.
            throw ApiException.notFound("Delivery", deliveryId);
        }
        return DeliveryView.of(d, DeliveryStatusChange.list("deliveryId", Sort.by("id"), deliveryId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryView> list(UUID merchantId, DeliveryStatus status, int limit) {
        List<Delivery> found = status == null
                ? Delivery.find("merchantId", Sort.descending("createdAt", "id"), merchantId)
                .page(Page.ofSize(limit)).list()
                : Delivery.find("merchantId = ?1 and status = ?2", Sort.descending("createdAt", "id"), merchantId,
                status).page(Page.ofSize(limit)).list();
        return found.stream().map(d -> DeliveryView.of(d, List.of())).toList();
    }

    /** Applies a status reported by dispatch or a rider; stale or repeated reports change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyStatus(UUID deliveryId, DeliveryStatus next, UUID riderId, Instant at) {
        Delivery d = Delivery.findById(deliveryId);
        if (d == null) {
            LOG.warnf("Status %s for unknown delivery %s ignored", next, deliveryId);
            return;
        }
        if (!d.status.canMoveTo(next)) {
            LOG.debugf("Delivery %s stays %s (late %s)", deliveryId, d.status, next);
            return;
        }
        d.status = next;
        if (riderId != null) {
            d.riderId = riderId;
        }
        d.updatedAt = clock.instant();
        DeliveryStatusChange.of(deliveryId, next, at).persist();
    }

    private static void checkTimeWindows(DeliveryRequest request, Instant now) {
        List<Problem.Violation> problems = new ArrayList<>();
        checkWindow("pickup", request.pickup(), now, problems);
        checkWindow("dropoff", request.dropoff(), now, problems);
        Instant pickupStart = request.pickup().after();
        Instant dropoffEnd = request.dropoff().before();
        if (pickupStart != null && dropoffEnd != null && !dropoffEnd.isAfter(pickupStart)) {
            problems.add(new Problem.Violation("dropoff.before", "must be later than pickup.after"));
        }
        if (!problems.isEmpty()) {
            throw new ApiException(422, "Impossible time window", problems.stream()
                    .map(p -> p.field() + ": " + p.message()).reduce((a, b) -> a + "; " + b).orElse(""), problems);
        }
    }

    private static void checkWindow(String name, DeliveryRequest.Stop stop, Instant now,
                                    List<Problem.Violation> problems) {
        if (stop.after() != null && stop.before() != null && !stop.before().isAfter(stop.after())) {
            problems.add(new Problem.Violation(name + ".before", "must be later than " + name + ".after"));
        }
        if (stop.before() != null && !stop.before().isAfter(now)) {
            problems.add(new Problem.Violation(name + ".before", "is already in the past"));
        }
    }
}
