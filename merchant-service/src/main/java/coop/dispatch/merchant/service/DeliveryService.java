package coop.dispatch.merchant.service;

import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.outbox.OutboxRelay;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.commons.security.Passwords;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryCancelled;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.StopDetails;
import coop.dispatch.merchant.Delivery;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.DeliveryStatusChange;
import coop.dispatch.merchant.rest.DeliveryRequest;
import coop.dispatch.merchant.rest.DeliveryView;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Stores a merchant's deliveries and their status changes, always together with the events and notifications. */
@ApplicationScoped
public class DeliveryService {
    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    /** A delivery can be cancelled until a rider has picked it up. */
    static final Set<DeliveryStatus> CANCELLABLE = EnumSet.of(DeliveryStatus.REQUESTED, DeliveryStatus.ASSIGNED,
            DeliveryStatus.UNASSIGNABLE);

    private final Outbox outbox;
    private final OutboxRelay relay;
    private final DataSource dataSource;
    private final WebhookService webhooks;
    private final String publicUrl;
    private final Clock clock = Clock.systemUTC();

    public DeliveryService(Outbox outbox, OutboxRelay relay, DataSource dataSource, WebhookService webhooks,
                           @ConfigProperty(name = "coop.public-url") String publicUrl) {
        this.outbox = outbox;
        this.relay = relay;
        this.dataSource = dataSource;
        this.webhooks = webhooks;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The delivery made (or, for a repeated Idempotency-Key, found) and whether it was a replay. */
    public record Created(DeliveryView delivery, boolean replayed) {
    }

    /**
     * Stores a planned delivery with its first status, its DeliveryRequested event and, with an idempotency key, the
     * key, all in one SQL statement ({@link NewDeliveryStatement}): this is the API's busiest call. If a concurrent
     * request with the same key got there first, nothing is stored and that request's delivery is answered.
     */
    public Created create(UUID merchantId, DeliveryRequest request, DeliveryPlanner.Plan plan,
                          String idempotencyKey, String requestHash) {
        // Microseconds: what PostgreSQL stores, so the pagination cursor compares exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        checkTimeWindows(request, now);
        Delivery d = newDelivery(merchantId, request, plan, now);
        DeliveryRequest.Stop pickup = request.pickup();
        DeliveryRequest.Stop dropoff = request.dropoff();
        Outbox.Row event = outbox.row(Topics.DELIVERY_REQUESTS, d.id.toString(), new DeliveryRequested(d.id,
                merchantId, pickup.location().toGeoPoint(), dropoff.location().toGeoPoint(), d.pickupAfter,
                d.pickupBefore, d.dropoffAfter, d.dropoffBefore, d.weightGrams, now, d.priceCents, d.riderPayCents,
                d.pricingVersion,
                new StopDetails(d.pickupAddress, d.pickupContactName, d.pickupPhone, d.pickupNotes),
                new StopDetails(d.dropoffAddress, d.dropoffContactName, d.dropoffPhone, d.dropoffNotes)));
        boolean stored;
        try {
            stored = NewDeliveryStatement.insert(dataSource, d, event, idempotencyKey, requestHash);
        } catch (SQLException e) {
            throw new PersistenceException("Storing delivery " + d.id + " failed", e);
        }
        if (!stored) {
            return replay(merchantId, idempotencyKey, requestHash)
                    .orElseThrow(() -> new IllegalStateException("Idempotency key vanished: " + idempotencyKey));
        }
        relay.wakeUp();
        return new Created(DeliveryView.of(d, List.of(DeliveryStatusChange.of(d.id, d.status, now)),
                trackingUrl(d)), false);
    }

    private static Delivery newDelivery(UUID merchantId, DeliveryRequest request, DeliveryPlanner.Plan plan,
                                        Instant now) {
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
        d.size = request.size();
        d.packages = request.parcel() == null ? null : DeliveryView.packagesJson(request.parcel().packages());
        d.vehicle = plan.price().vehicle().name();
        d.priceCents = plan.price().priceCents();
        d.riderPayCents = plan.price().riderPayCents();
        d.currency = plan.price().currency();
        d.pricingVersion = plan.price().policyVersion();
        d.distanceMeters = plan.distanceMeters();
        d.durationSeconds = plan.durationSeconds();
        d.distanceSource = plan.distanceSource().name();
        d.trackingToken = Passwords.randomSecret(24);
        d.createdAt = now;
        d.updatedAt = now;
        return d;
    }

    /**
     * The delivery an Idempotency-Key already stands for, if any; a 409 if the key was used with a different body.
     */
    public Optional<Created> replay(UUID merchantId, String idempotencyKey, String requestHash) {
        String storedHash;
        UUID deliveryId;
        // Asked before every keyed creation, and nearly always answered "no such key": plain JDBC, no session.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(
                     "SELECT request_hash, delivery_id FROM idempotency_key WHERE merchant_id = ? AND idem_key = ?")) {
            find.setObject(1, merchantId);
            find.setString(2, idempotencyKey);
            try (ResultSet row = find.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                storedHash = row.getString(1);
                deliveryId = row.getObject(2, UUID.class);
            }
        } catch (SQLException e) {
            throw new PersistenceException("Reading Idempotency-Key failed", e);
        }
        if (!storedHash.equals(requestHash)) {
            throw new ApiException(409, "Idempotency key reused", "Idempotency-Key '" + idempotencyKey
                    + "' was already used with a different request body; use a new key for a new delivery");
        }
        return Optional.of(new Created(get(merchantId, deliveryId), true));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DeliveryView get(UUID merchantId, UUID deliveryId) {
        Delivery d = own(merchantId, deliveryId, false);
        return DeliveryView.of(d, history(deliveryId), trackingUrl(d));
    }

    /** Filters for {@link #list}: any of these statuses (none = all), created in [from, to). */
    public record Filter(Set<DeliveryStatus> statuses, Instant from, Instant to) {
    }

    public record Page(List<DeliveryView> items, String nextCursor) {
    }

    /** Newest first, {@code limit} at a time; the cursor (opaque to clients) continues after the last one shown. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page list(UUID merchantId, Filter filter, String cursor, int limit) {
        StringBuilder query = new StringBuilder("merchantId = :merchant");
        Parameters params = Parameters.with("merchant", merchantId);
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            query.append(" and status in :statuses");
            params.and("statuses", filter.statuses());
        }
        if (filter.from() != null) {
            query.append(" and createdAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            query.append(" and createdAt < :to");
            params.and("to", filter.to());
        }
        if (cursor != null) {
            Cursor after = Cursor.decode(cursor);
            query.append(" and (createdAt < :cursorAt or (createdAt = :cursorAt and id < :cursorId))");
            params.and("cursorAt", after.createdAt()).and("cursorId", after.id());
        }
        List<Delivery> found = Delivery.<Delivery>find(query.toString(), Sort.descending("createdAt", "id"), params)
                .page(io.quarkus.panache.common.Page.ofSize(limit + 1)).list();
        String next = null;
        if (found.size() > limit) {
            found = found.subList(0, limit);
            Delivery last = found.get(limit - 1);
            next = new Cursor(last.createdAt, last.id).encode();
        }
        return new Page(found.stream().map(d -> DeliveryView.of(d, List.of(), trackingUrl(d))).toList(), next);
    }

    /**
     * Cancels a delivery not yet picked up: status CANCELLED and DeliveryCancelled to dispatch (which withdraws open
     * offers). Cancelling a cancelled delivery again answers it unchanged.
     */
    @Transactional
    public DeliveryView cancel(UUID merchantId, UUID deliveryId, String reason) {
        Delivery d = own(merchantId, deliveryId, true);
        if (d.status == DeliveryStatus.CANCELLED) {
            return DeliveryView.of(d, history(deliveryId), trackingUrl(d));
        }
        if (!CANCELLABLE.contains(d.status)) {
            throw new ApiException(409, "Cannot be cancelled", switch (d.status) {
                case PICKED_UP -> "The delivery was picked up by the rider at " + changedAt(d, DeliveryStatus.PICKED_UP)
                        + "; a delivery can only be cancelled until pick-up";
                case DELIVERED -> "The delivery was already delivered at " + changedAt(d, DeliveryStatus.DELIVERED);
                case FAILED -> "The delivery already failed: " + d.statusReason;
                default -> "The delivery is " + d.status;
            });
        }
        Instant now = clock.instant();
        String why = reason == null || reason.isBlank() ? "cancelled by the merchant" : reason.strip();
        d.status = DeliveryStatus.CANCELLED;
        d.statusReason = why;
        d.updatedAt = now;
        DeliveryStatusChange.of(d.id, d.status, now, why).persist();
        outbox.publish(Topics.DELIVERY_REQUESTS, d.id.toString(), new DeliveryCancelled(d.id, merchantId, why, now));
        webhooks.statusChanged(d, now, trackingUrl(d));
        return DeliveryView.of(d, history(deliveryId), trackingUrl(d));
    }

    /** Applies a status reported by dispatch or a rider; stale or repeated reports change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyStatus(UUID deliveryId, DeliveryStatus next, UUID riderId, Instant at, String reason) {
        // Locked, so a cancel racing with a pick-up report sees one or the other, never a mix.
        Delivery d = Delivery.findById(deliveryId, LockModeType.PESSIMISTIC_WRITE);
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
        d.statusReason = reason;
        d.updatedAt = clock.instant();
        // Rider privacy: a position is kept only while the parcel travels to this customer.
        d.courierLat = null;
        d.courierLon = null;
        d.courierSeenAt = next == DeliveryStatus.PICKED_UP ? at : null;
        DeliveryStatusChange.of(deliveryId, next, at, reason).persist();
        webhooks.statusChanged(d, at, trackingUrl(d));
    }

    /**
     * A rider's position reaches the deliveries that rider has picked up and not yet delivered; older points than the
     * one kept (or than the pick-up) are ignored, so redelivered or reordered events change nothing.
     */
    @Transactional
    public int courierSeen(UUID riderId, double lat, double lon, Instant at) {
        return Delivery.update("courierLat = ?1, courierLon = ?2, courierSeenAt = ?3 where riderId = ?4 and status = ?5"
                + " and (courierSeenAt is null or courierSeenAt < ?3)", lat, lon, at, riderId, DeliveryStatus.PICKED_UP);
    }

    /** The delivery behind a tracking token, with its history; empty if there is none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Tracked> track(String token) {
        Optional<Delivery> d = Delivery.find("trackingToken", token).firstResultOptional();
        return d.map(delivery -> new Tracked(delivery, history(delivery.id)));
    }

    public record Tracked(Delivery delivery, List<DeliveryStatusChange> history) {
    }

    public String trackingUrl(Delivery d) {
        return d.trackingToken == null ? null : publicUrl + "/track/" + d.trackingToken;
    }

    /** Checks the time windows of a request; throws 422 with every impossible one. */
    public static void checkTimeWindows(DeliveryRequest request, Instant now) {
        List<Problem.Violation> problems = new ArrayList<>();
        checkWindow("pickup", request.pickup(), now, problems);
        checkWindow("dropoff", request.dropoff(), now, problems);
        Instant pickupStart = request.pickup().after();
        Instant dropoffEnd = request.dropoff().before();
        if (pickupStart != null && dropoffEnd != null && !dropoffEnd.isAfter(pickupStart)) {
            problems.add(new Problem.Violation("dropoff.before", "must be later than pickup.after"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.listing(422, "Impossible time window", problems);
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

    private Delivery own(UUID merchantId, UUID deliveryId, boolean lock) {
        Delivery d = lock ? Delivery.findById(deliveryId, LockModeType.PESSIMISTIC_WRITE)
                : Delivery.findById(deliveryId);
        if (d == null || !d.merchantId.equals(merchantId)) {
            // Another merchant's delivery is reported exactly like a missing one: ids leak nothing.
            throw ApiException.notFound("Delivery", deliveryId);
        }
        return d;
    }

    private static List<DeliveryStatusChange> history(UUID deliveryId) {
        return DeliveryStatusChange.list("deliveryId", Sort.by("id"), deliveryId);
    }

    private static Instant changedAt(Delivery d, DeliveryStatus status) {
        return history(d.id).stream().filter(h -> h.status == status).map(h -> h.at).findFirst().orElse(d.updatedAt);
    }

    /** A position in the newest-first order: the creation time and id of the last delivery shown. */
    record Cursor(Instant createdAt, UUID id) {
        String encode() {
            String raw = "1:" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] parts = raw.split(":");
                if (parts.length != 4 || !parts[0].equals("1")) {
                    throw new IllegalArgumentException("unknown cursor format");
                }
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                        UUID.fromString(parts[3]));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "Invalid cursor", "The cursor is not one this API gave out; "
                        + "start again without it", List.of(new Problem.Violation("cursor", "is invalid")));
            }
        }
    }
}
