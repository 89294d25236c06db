package coop.dispatch.dispatch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.inbox.Inbox;
import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.DeliveryUnassignable;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.OfferAccepted;
import coop.dispatch.contracts.events.OfferDeclined;
import coop.dispatch.contracts.events.OfferWithdrawn;
import coop.dispatch.contracts.events.RiderLocation;
import coop.dispatch.contracts.events.RiderOffline;
import coop.dispatch.contracts.events.RiderOnline;
import coop.dispatch.dispatch.DispatchDecision;
import coop.dispatch.dispatch.DispatchJob;
import coop.dispatch.dispatch.JobOffer;
import coop.dispatch.dispatch.JobStatus;
import coop.dispatch.dispatch.OfferStatus;
import coop.dispatch.dispatch.RiderState;
import coop.dispatch.dispatch.config.DispatchConfig;
import coop.dispatch.engine.Decision;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.FairRotation;
import coop.dispatch.engine.JobRequest;
import coop.dispatch.engine.RiderSnapshot;
import coop.dispatch.engine.StraightLineTravelTimes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
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
    private final DispatchRules rules;
    private final FairRotation rotation;
    private final Clock clock = Clock.systemUTC();
    private final Object lock = new Object();
    private volatile boolean stopped;

    public Dispatcher(Inbox inbox, Outbox outbox, ObjectMapper json, DispatchConfig config) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.json = json;
        this.rules = config.rules();
        this.rotation = new FairRotation(new StraightLineTravelTimes(config.speedKmh(), config.detourFactor()));
    }

    public DispatchRules rules() {
        return rules;
    }

    /** Applies one consumed event exactly once, then dispatches what it made possible. */
    public void handle(String consumer, EventEnvelope event) {
        synchronized (lock) {
            QuarkusTransaction.requiringNew().run(() -> {
                if (inbox.firstDelivery(consumer, event.eventId())) {
                    apply(event);
                    round(clock.instant());
                }
            });
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
            case "OfferAccepted" -> offerAccepted(Events.payload(event, OfferAccepted.class));
            case "OfferDeclined" -> offerDeclined(Events.payload(event, OfferDeclined.class));
            case "DeliveryPickedUp" -> pickedUp(Events.payload(event, DeliveryPickedUp.class));
            case "DeliveryDelivered" -> delivered(Events.payload(event, DeliveryDelivered.class));
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
            // A new shift joins the queue at its start; a rider still on a job keeps it.
            rider.waitingSince = e.since();
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
        job.updatedAt = clock.instant();
        job.persist();
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
        DispatchJob job = DispatchJob.findById(offer.deliveryId);
        job.status = JobStatus.ASSIGNED;
        job.assignedRiderId = offer.riderId;
        job.updatedAt = now;
        RiderState rider = RiderState.findById(offer.riderId);
        rider.busyDeliveryId = job.deliveryId;
        rider.updatedAt = now;
        outbox.publish(Topics.DELIVERY_STATUS, job.deliveryId.toString(),
                new DeliveryAssigned(job.deliveryId, offer.riderId, offer.offerId, now));
        LOG.infof("Delivery %s assigned to rider %s", job.deliveryId, offer.riderId);
    }

    private void offerDeclined(OfferDeclined e) {
        JobOffer offer = JobOffer.findById(e.offerId());
        if (offer != null && offer.status == OfferStatus.OPEN && offer.riderId.equals(e.riderId())) {
            // Declining costs nothing: the rider keeps their place in the queue.
            offer.status = OfferStatus.DECLINED;
            offer.answeredAt = clock.instant();
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

    private void delivered(DeliveryDelivered e) {
        DispatchJob job = DispatchJob.findById(e.deliveryId());
        if (job == null || job.status == JobStatus.DELIVERED) {
            return;
        }
        job.status = JobStatus.DELIVERED;
        job.updatedAt = clock.instant();
        RiderState rider = RiderState.findById(e.riderId());
        if (rider != null && e.deliveryId().equals(rider.busyDeliveryId)) {
            rider.busyDeliveryId = null;
            // Free again: the rider rejoins the queue now, behind everyone who waited longer.
            rider.waitingSince = e.at();
            rider.updatedAt = clock.instant();
        }
    }

    /** Expires overdue offers, gives up on deliveries nobody can take, and offers every waiting delivery. */
    void round(Instant now) {
        List<JobOffer> overdue = JobOffer.list("status = ?1 and expiresAt <= ?2", OfferStatus.OPEN, now);
        overdue.forEach(offer -> close(offer, OfferStatus.EXPIRED, "offer expired"));

        List<DispatchJob> waiting = DispatchJob.list("status = ?1 order by requestedAt", JobStatus.WAITING);
        if (waiting.isEmpty()) {
            return;
        }
        Set<UUID> answering = JobOffer.<JobOffer>stream("status", OfferStatus.OPEN)
                .map(o -> o.riderId).collect(Collectors.toCollection(HashSet::new));
        Map<UUID, RiderState> online = RiderState.<RiderState>stream("online", true)
                .collect(Collectors.toMap(r -> r.riderId, Function.identity()));
        for (DispatchJob job : waiting) {
            List<RiderSnapshot> riders = online.values().stream().map(r -> snapshot(r, answering)).toList();
            Set<UUID> alreadyOffered = JobOffer.<JobOffer>stream("deliveryId", job.deliveryId)
                    .map(o -> o.riderId).collect(Collectors.toSet());
            Decision decision = rotation.decide(request(job), riders, alreadyOffered, rules);
            if (decision.first().isPresent()) {
                Decision.Candidate chosen = decision.first().get();
                offer(job, decision, store(decision, chosen.riderId(), now), now);
                answering.add(chosen.riderId());
            } else if (!job.requestedAt.plus(rules.unassignableAfter()).isAfter(now)) {
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

    private void offer(DispatchJob job, Decision decision, UUID decisionId, Instant now) {
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
        LOG.infof("Delivery %s offered to rider %s (first of %d eligible)", job.deliveryId, chosen.riderId(),
                decision.candidates().size());
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

    private static RiderSnapshot snapshot(RiderState r, Set<UUID> answering) {
        return new RiderSnapshot(r.riderId, r.online, r.vehicle, r.location == null ? null : GeoPoints.of(r.location),
                r.waitingSince, r.busyDeliveryId != null, answering.contains(r.riderId));
    }

    private static JobRequest request(DispatchJob job) {
        return new JobRequest(job.deliveryId, GeoPoints.of(job.pickup), GeoPoints.of(job.dropoff), job.weightGrams);
    }
}
