package coop.dispatch.dispatch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryCancelled;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryFailed;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.DeliveryUnassignable;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.OfferAccepted;
import coop.dispatch.contracts.events.OfferDeclined;
import coop.dispatch.contracts.events.OfferWithdrawn;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.contracts.events.RiderLocation;
import coop.dispatch.contracts.events.RiderOffline;
import coop.dispatch.contracts.events.RiderOnline;
import coop.dispatch.dispatch.DispatchDecision;
import coop.dispatch.dispatch.DispatchJob;
import coop.dispatch.dispatch.JobOffer;
import coop.dispatch.dispatch.JobStatus;
import coop.dispatch.dispatch.OfferStatus;
import coop.dispatch.dispatch.RiderShift;
import coop.dispatch.dispatch.RiderState;
import coop.dispatch.dispatch.config.DispatchConfig;
import coop.dispatch.dispatch.routing.RoutingService;
import coop.dispatch.engine.Decision;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.FairRotation;
import coop.dispatch.engine.JobRequest;
import coop.dispatch.engine.RiderSnapshot;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Applies rider, delivery and offer events to the dispatch state and runs dispatch rounds. Every change happens
 * in one transaction under one lock, so a round always sees the state the last event left; across instances the
 * unique "one open offer per delivery / per rider" indexes keep offers single.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Inbox inbox;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final PolicyStore policies;
    private final RoutingService routing;
    private final DispatchConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Object lock = new Object();
    private volatile boolean stopped;

    public Dispatcher(Inbox inbox, Outbox outbox, ObjectMapper json, PolicyStore policies, RoutingService routing,
                      DispatchConfig config) {
        this.config = config;
        this.inbox = inbox;
        this.outbox = outbox;
        this.json = json;
        this.policies = policies;
        this.routing = routing;
    }

    /** Applies one consumed message exactly once, then dispatches what it made possible. */
    public void handle(String consumer, String json) {
        synchronized (lock) {
            QuarkusTransaction.requiringNew().run(() -> inbox.receive(consumer, json, event -> {
                apply(event);
                round(clock.instant());
            }));
        }
    }

    @Scheduled(every = "${coop.dispatch.round-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRound() {
        if (stopped) {
            return;
        }
        synchronized (lock) {
            QuarkusTransaction.requiringNew().run(() -> round(clock.instant()));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case "RiderOnline" -> riderOnline(Events.payload(event, RiderOnline.class));
            case "RiderOffline" -> riderOffline(Events.payload(event, RiderOffline.class));
            case "RiderLocation" -> riderLocation(Events.payload(event, RiderLocation.class));
            case "DeliveryRequested" -> deliveryRequested(Events.payload(event, DeliveryRequested.class));
            case "DeliveryCancelled" -> cancelled(Events.payload(event, DeliveryCancelled.class));
            case "OfferAccepted" -> offerAccepted(Events.payload(event, OfferAccepted.class));
            case "OfferDeclined" -> offerDeclined(Events.payload(event, OfferDeclined.class));
            case "DeliveryPickedUp" -> pickedUp(Events.payload(event, DeliveryPickedUp.class));
            case "DeliveryDelivered" -> {
                DeliveryDelivered e = Events.payload(event, DeliveryDelivered.class);
                finished(e.deliveryId(), e.riderId(), e.at(), JobStatus.DELIVERED);
            }
            case "DeliveryFailed" -> {
                DeliveryFailed e = Events.payload(event, DeliveryFailed.class);
                finished(e.deliveryId(), e.riderId(), e.at(), JobStatus.FAILED);
            }
            case "PolicyAdopted" -> policies.adopt(Events.payload(event, PolicyAdopted.class));
            default -> LOG.tracef("Dispatch ignores %s", event.type());
        }
    }

    private void riderOnline(RiderOnline e) {
        RiderState rider = RiderState.findById(e.riderId());
        if (rider == null) {
            rider = new RiderState();
            rider.riderId = e.riderId();
        }
        if (!rider.online) {
            rider.online = true;
            rider.onlineSince = e.since();
            // A new shift joins the queue at its start, with fresh shift counts.
            rider.waitingSince = e.since();
            rider.jobsThisShift = 0;
            rider.earnedCents = 0;
            RiderShift shift = new RiderShift();
            shift.riderId = e.riderId();
            shift.startedAt = e.since();
            shift.persist();
        }
        rider.vehicle = e.vehicle();
        if (e.location() != null) {
            rider.location = GeoPoints.point(e.location());
            rider.locationAt = e.since();
        }
        rider.updatedAt = clock.instant();
        rider.persist();
    }

    private void riderOffline(RiderOffline e) {
        RiderState rider = RiderState.findById(e.riderId());
        if (rider == null || !rider.online) {
            return;
        }
        rider.online = false;
        rider.updatedAt = clock.instant();
        RiderShift.<RiderShift>find("riderId = ?1 and endedAt is null", e.riderId()).firstResultOptional()
                .ifPresent(shift -> shift.endedAt = e.at());
        JobOffer open = JobOffer.find("riderId = ?1 and status = ?2", e.riderId(), OfferStatus.OPEN).firstResult();
        if (open != null) {
            close(open, OfferStatus.WITHDRAWN, "rider went offline");
        }
    }

    private void riderLocation(RiderLocation e) {
        RiderState rider = RiderState.findById(e.riderId());
        if (rider != null && rider.online && (rider.locationAt == null || !e.at().isBefore(rider.locationAt))) {
            rider.location = GeoPoints.point(e.location());
            rider.locationAt = e.at();
            rider.updatedAt = clock.instant();
        }
    }

    private void deliveryRequested(DeliveryRequested e) {
        if (DispatchJob.findById(e.deliveryId()) != null) {
            return;
        }
        DispatchJob job = new DispatchJob();
        job.deliveryId = e.deliveryId();
        job.merchantId = e.merchantId();
        job.status = JobStatus.WAITING;
        job.pickup = GeoPoints.point(e.pickup());
        job.dropoff = GeoPoints.point(e.dropoff());
        job.weightGrams = e.weightGrams();
        job.priceCents = e.priceCents();
        job.riderPayCents = e.riderPayCents();
        job.pricingVersion = e.pricingVersion();
        job.requestedAt = e.requestedAt();
        job.offerFrom = offerFrom(e);
        job.updatedAt = clock.instant();
        job.persist();
    }

    /**
     * When a delivery starts being offered: {@code offer-lead} before its pickup is due (the pickup window's start, or
     * the dropoff window's start less the ride there), and never before it was requested.
     */
    private Instant offerFrom(DeliveryRequested e) {
        Instant pickupDue = e.pickupAfter();
        if (pickupDue == null && e.dropoffAfter() != null) {
            pickupDue = e.dropoffAfter().minusSeconds(routing.straightLines().leg(e.pickup(), e.dropoff()).seconds());
        }
        Instant from = pickupDue == null ? null : pickupDue.minus(config.offerLead());
        return from != null && from.isAfter(e.requestedAt()) ? from : e.requestedAt();
    }

    private void cancelled(DeliveryCancelled e) {
        DispatchJob job = DispatchJob.findById(e.deliveryId());
        if (job == null || job.status.done() || job.status == JobStatus.PICKED_UP) {
            return;
        }
        JobStatus before = job.status;
        job.status = JobStatus.CANCELLED;
        job.updatedAt = clock.instant();
        JobOffer.<JobOffer>find("deliveryId = ?1 and status = ?2", job.deliveryId, OfferStatus.OPEN)
                .firstResultOptional().ifPresent(offer -> close(offer, OfferStatus.WITHDRAWN, "delivery cancelled"));
        if (before == JobStatus.ASSIGNED) {
            // The rider's phone learns it on delivery-status; the rider is free again (active jobs are counted).
            outbox.publish(Topics.DELIVERY_STATUS, job.deliveryId.toString(), e);
            riderFreed(job.assignedRiderId, e.at());
        }
        LOG.infof("Delivery %s cancelled (%s)", job.deliveryId, before);
    }

    private void offerAccepted(OfferAccepted e) {
        JobOffer offer = JobOffer.findById(e.offerId());
        if (offer == null || !offer.riderId.equals(e.riderId())) {
            LOG.warnf("Acceptance of unknown offer %s by %s ignored", e.offerId(), e.riderId());
            return;
        }
        if (offer.status != OfferStatus.OPEN) {
            // The rider answered after the offer closed here: tell the phone it is gone.
            outbox.publish(Topics.DISPATCH_OFFERS, offer.riderId.toString(), new OfferWithdrawn(offer.offerId,
                    offer.deliveryId, offer.riderId, "offer was already " + offer.status.name().toLowerCase()));
            return;
        }
        Instant now = clock.instant();
        offer.status = OfferStatus.ACCEPTED;
        offer.answeredAt = now;
        assign(DispatchJob.findById(offer.deliveryId), offer.riderId, offer.offerId, now);
    }

    private void assign(DispatchJob job, UUID riderId, UUID offerId, Instant now) {
        job.status = JobStatus.ASSIGNED;
        job.assignedRiderId = riderId;
        job.assignedAt = now;
        job.updatedAt = now;
        RiderState rider = RiderState.findById(riderId);
        rider.jobsThisShift++;
        rider.updatedAt = now;
        outbox.publish(Topics.DELIVERY_STATUS, job.deliveryId.toString(),
                new DeliveryAssigned(job.deliveryId, riderId, offerId, now));
        LOG.infof("Delivery %s assigned to rider %s", job.deliveryId, riderId);
    }

    private void offerDeclined(OfferDeclined e) {
        JobOffer offer = JobOffer.findById(e.offerId());
        if (offer != null && offer.status == OfferStatus.OPEN && offer.riderId.equals(e.riderId())) {
            offer.status = OfferStatus.DECLINED;
            offer.answeredAt = clock.instant();
            RiderState rider = RiderState.findById(offer.riderId);
            rider.waitingSince = policies.current(offer.answeredAt).declineRule()
                    .waitingSinceAfterDecline(rider.waitingSince, offer.answeredAt);
            reopen(offer.deliveryId);
        }
    }

    private void pickedUp(DeliveryPickedUp e) {
        DispatchJob job = DispatchJob.findById(e.deliveryId());
        if (job != null && job.status == JobStatus.ASSIGNED) {
            job.status = JobStatus.PICKED_UP;
            job.updatedAt = clock.instant();
        }
    }

    private void finished(UUID deliveryId, UUID riderId, Instant at, JobStatus outcome) {
        DispatchJob job = DispatchJob.findById(deliveryId);
        if (job == null || !job.status.active()) {
            return;
        }
        job.status = outcome;
        job.deliveredAt = outcome == JobStatus.DELIVERED ? at : null;
        job.updatedAt = clock.instant();
        RiderState rider = RiderState.findById(riderId);
        if (rider != null && outcome == JobStatus.DELIVERED && job.riderPayCents != null) {
            rider.earnedCents += job.riderPayCents;
        }
        riderFreed(riderId, at);
    }

    /** A rider with no active job left rejoins the queue now, behind everyone who waited longer. */
    private void riderFreed(UUID riderId, Instant at) {
        RiderState rider = RiderState.findById(riderId);
        if (rider != null && DispatchJob.count("assignedRiderId = ?1 and status in ?2", riderId,
                List.of(JobStatus.ASSIGNED, JobStatus.PICKED_UP)) == 0) {
            rider.waitingSince = at;
            rider.updatedAt = clock.instant();
        }
    }

    /** A coordinator assigns a delivery by hand, with a reason; stored as a MANUAL decision beside the queue. */
    public void assignByHand(UUID deliveryId, UUID riderId, String reason, String coordinator) {
        synchronized (lock) {
            QuarkusTransaction.requiringNew().run(() -> {
                Instant now = clock.instant();
                DispatchJob job = DispatchJob.findById(deliveryId);
                if (job == null) {
                    throw ApiException.notFound("Delivery", deliveryId);
                }
                if (job.status != JobStatus.WAITING && job.status != JobStatus.OFFERED
                        && job.status != JobStatus.UNASSIGNABLE) {
                    throw ApiException.conflict("Delivery " + deliveryId + " is " + job.status
                            + "; only waiting, offered or unassignable deliveries can be assigned by hand");
                }
                RiderState rider = RiderState.findById(riderId);
                if (rider == null || !rider.online) {
                    throw ApiException.unprocessable("Rider " + riderId + " is not online");
                }
                JobOffer.<JobOffer>find("deliveryId = ?1 and status = ?2", deliveryId, OfferStatus.OPEN)
                        .firstResultOptional().ifPresent(o -> close(o, OfferStatus.WITHDRAWN,
                                "assigned by a coordinator"));
                Snapshot snapshot = snapshot();
                Decision queue = rotation().decide(request(job), snapshot.riders(), Set.of(), policies.current(now),
                        now);
                DispatchDecision stored = DispatchDecision.findById(store(queue, riderId, now));
                stored.kind = "MANUAL";
                stored.reason = reason;
                stored.decidedBy = coordinator;
                assign(job, riderId, null, now);
            });
        }
    }

    /** Expires overdue offers, gives up on deliveries nobody can take, and offers every waiting delivery. */
    void round(Instant now) {
        List<JobOffer> overdue = JobOffer.list("status = ?1 and expiresAt <= ?2", OfferStatus.OPEN, now);
        overdue.forEach(offer -> close(offer, OfferStatus.EXPIRED, "offer expired"));

        List<DispatchJob> waiting = DispatchJob.list("status = ?1 and offerFrom <= ?2 order by requestedAt",
                JobStatus.WAITING, now);
        if (waiting.isEmpty() || !routing.ready()) {
            return;
        }
        DispatchRules rules = policies.current(now);
        FairRotation rotation = rotation();
        Snapshot snapshot = snapshot();
        for (DispatchJob job : waiting) {
            Set<UUID> alreadyOffered = JobOffer.<JobOffer>stream("deliveryId", job.deliveryId)
                    .map(o -> o.riderId).collect(Collectors.toSet());
            Decision decision = rotation.decide(request(job), snapshot.riders(), alreadyOffered, rules, now);
            if (decision.first().isPresent()) {
                Decision.Candidate chosen = decision.first().get();
                offer(job, decision, store(decision, chosen.riderId(), now), rules, now);
                snapshot.markAnswering(chosen.riderId());
            } else if (!job.offerFrom.plus(rules.unassignableAfter()).isAfter(now)) {
                store(decision, null, now);
                job.status = JobStatus.UNASSIGNABLE;
                job.updatedAt = now;
                String why = "Nobody eligible took it within " + rules.unassignableAfter().toMinutes() + " min";
                outbox.publish(Topics.DELIVERY_STATUS, job.deliveryId.toString(),
                        new DeliveryUnassignable(job.deliveryId, why, now));
                LOG.warnf("Delivery %s UNASSIGNABLE: %s; coordinators alerted", job.deliveryId, why);
            }
        }
    }

    private FairRotation rotation() {
        return new FairRotation(routing.travelTimes());
    }

    /** Every online rider as the engine sees them, with their active jobs and open offers. */
    Snapshot snapshot() {
        Set<UUID> answering = JobOffer.<JobOffer>stream("status", OfferStatus.OPEN)
                .map(o -> o.riderId).collect(Collectors.toCollection(HashSet::new));
        Map<UUID, Integer> active = new HashMap<>();
        Map<UUID, GeoPoint> bundlePickup = new HashMap<>();
        DispatchJob.<DispatchJob>stream("status in ?1", List.of(JobStatus.ASSIGNED, JobStatus.PICKED_UP))
                .forEach(j -> {
                    active.merge(j.assignedRiderId, 1, Integer::sum);
                    if (j.status == JobStatus.ASSIGNED) {
                        bundlePickup.put(j.assignedRiderId, GeoPoints.of(j.pickup));
                    }
                });
        List<RiderState> online = RiderState.list("online", true);
        return new Snapshot(online, answering, active, bundlePickup);
    }

    /** The state of one round; offers made during the round are marked so a rider gets one offer at a time. */
    record Snapshot(List<RiderState> online, Set<UUID> answering, Map<UUID, Integer> active,
                    Map<UUID, GeoPoint> bundlePickup) {
        List<RiderSnapshot> riders() {
            List<RiderSnapshot> riders = new ArrayList<>(online.size());
            for (RiderState r : online) {
                riders.add(new RiderSnapshot(r.riderId, r.online, r.vehicle,
                        r.location == null ? null : GeoPoints.of(r.location), r.onlineSince, r.waitingSince,
                        active.getOrDefault(r.riderId, 0), bundlePickup.get(r.riderId), answering.contains(r.riderId),
                        r.jobsThisShift, r.earnedCents));
            }
            return riders;
        }

        void markAnswering(UUID riderId) {
            answering.add(riderId);
        }
    }

    private void offer(DispatchJob job, Decision decision, UUID decisionId, DispatchRules rules, Instant now) {
        Decision.Candidate chosen = decision.first().orElseThrow();
        JobOffer offer = new JobOffer();
        offer.offerId = UUID.randomUUID();
        offer.deliveryId = job.deliveryId;
        offer.riderId = chosen.riderId();
        offer.decisionId = decisionId;
        offer.status = OfferStatus.OPEN;
        offer.offeredAt = now;
        offer.expiresAt = now.plus(rules.offerTimeout());
        offer.persist();
        job.status = JobStatus.OFFERED;
        job.updatedAt = now;
        outbox.publish(Topics.DISPATCH_OFFERS, chosen.riderId().toString(), new JobOffered(offer.offerId,
                job.deliveryId, chosen.riderId(), GeoPoints.of(job.pickup), GeoPoints.of(job.dropoff),
                chosen.pickupMeters(), chosen.pickupSeconds(), now, offer.expiresAt, job.riderPayCents));
        LOG.infof("Delivery %s offered to rider %s (first of %d eligible, %s)", job.deliveryId, chosen.riderId(),
                decision.candidates().size(), rules.rotationKey());
    }

    private void close(JobOffer offer, OfferStatus status, String reason) {
        offer.status = status;
        offer.answeredAt = clock.instant();
        outbox.publish(Topics.DISPATCH_OFFERS, offer.riderId.toString(),
                new OfferWithdrawn(offer.offerId, offer.deliveryId, offer.riderId, reason));
        reopen(offer.deliveryId);
    }

    private void reopen(UUID deliveryId) {
        DispatchJob job = DispatchJob.findById(deliveryId);
        if (job != null && job.status == JobStatus.OFFERED) {
            job.status = JobStatus.WAITING;
            job.updatedAt = clock.instant();
        }
    }

    private UUID store(Decision decision, UUID chosen, Instant now) {
        DispatchDecision d = new DispatchDecision();
        d.id = UUID.randomUUID();
        d.deliveryId = decision.deliveryId();
        d.madeAt = now;
        d.rulesVersion = decision.rulesVersion();
        d.rotationKey = decision.rotationKey().name();
        d.chosenRiderId = chosen;
        try {
            d.candidates = json.writeValueAsString(decision.candidates());
            d.excluded = json.writeValueAsString(decision.excluded());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Decision cannot be stored as JSON", e);
        }
        d.persist();
        return d.id;
    }

    private static JobRequest request(DispatchJob job) {
        return new JobRequest(job.deliveryId, GeoPoints.of(job.pickup), GeoPoints.of(job.dropoff), job.weightGrams);
    }
}
