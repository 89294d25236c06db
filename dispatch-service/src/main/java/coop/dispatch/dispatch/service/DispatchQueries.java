package coop.dispatch.dispatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.dispatch.DispatchDecision;
import coop.dispatch.dispatch.DispatchJob;
import coop.dispatch.dispatch.JobOffer;
import coop.dispatch.dispatch.JobStatus;
import coop.dispatch.dispatch.OfferStatus;
import coop.dispatch.dispatch.RiderShift;
import coop.dispatch.dispatch.RiderState;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.FairRotation;
import coop.dispatch.engine.Fairness;
import coop.dispatch.engine.RiderSnapshot;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Read models: explanations of decisions, the rotation queue, and the fairness figures. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DispatchQueries {
    private final ObjectMapper json;
    private final Dispatcher dispatcher;
    private final PolicyStore policies;
    private final Clock clock = Clock.systemUTC();

    public DispatchQueries(ObjectMapper json, Dispatcher dispatcher, PolicyStore policies) {
        this.json = json;
        this.dispatcher = dispatcher;
        this.policies = policies;
    }

    public Explanation explain(UUID deliveryId) {
        DispatchJob job = DispatchJob.findById(deliveryId);
        if (job == null) {
            throw ApiException.notFound("Delivery", deliveryId);
        }
        List<OfferView> offers = JobOffer.<JobOffer>list("deliveryId", Sort.by("offeredAt"), deliveryId).stream()
                .map(o -> new OfferView(o.offerId, o.riderId, o.status, o.offeredAt, o.expiresAt, o.answeredAt))
                .toList();
        List<DecisionView> decisions = DispatchDecision.<DispatchDecision>list("deliveryId", Sort.by("madeAt"),
                deliveryId).stream().map(d -> new DecisionView(d.id, d.madeAt, d.kind, d.rulesVersion, d.rotationKey,
                d.chosenRiderId, d.reason, d.decidedBy, tree(d.candidates), tree(d.excluded))).toList();
        return new Explanation(job.deliveryId, job.status, Location.of(GeoPoints.of(job.pickup)),
                Location.of(GeoPoints.of(job.dropoff)), job.weightGrams, job.requestedAt, job.offerFrom,
                job.assignedRiderId,
                job.riderPayCents, job.pricingVersion, offers, decisions);
    }

    /** Free online riders in the order the rotation would offer them the next job (distance aside). */
    public List<QueueEntry> queue() {
        Instant now = clock.instant();
        DispatchRules rules = policies.current(now);
        List<RiderSnapshot> free = new ArrayList<>(dispatcher.snapshot().riders().stream()
                .filter(r -> r.activeJobs() == 0).toList());
        free.sort(FairRotation.order(rules.rotationKey(), now));
        List<QueueEntry> queue = new ArrayList<>();
        for (RiderSnapshot r : free) {
            queue.add(new QueueEntry(queue.size() + 1, r.riderId(), r.vehicle().name(), r.waitingSince(),
                    r.jobsThisShift(), r.earnedCents(), r.hasOpenOffer()));
        }
        return queue;
    }

    public RiderQueue riderQueue(UUID riderId) {
        RiderState rider = RiderState.findById(riderId);
        if (rider == null) {
            throw ApiException.notFound("Rider", riderId);
        }
        DispatchRules rules = policies.current(clock.instant());
        List<QueueEntry> queue = queue();
        QueueEntry mine = queue.stream().filter(e -> e.riderId().equals(riderId)).findFirst().orElse(null);
        long active = DispatchJob.count("assignedRiderId = ?1 and status in ?2", riderId,
                List.of(JobStatus.ASSIGNED, JobStatus.PICKED_UP));
        String state = !rider.online ? "OFFLINE" : active > 0 ? "ON_A_JOB" : "WAITING";
        return new RiderQueue(riderId, state, mine == null ? null : mine.position(),
                mine == null ? null : mine.position() - 1, queue.size(), rules.rotationKey().name(), rules.version(),
                rider.waitingSince, rider.jobsThisShift, rider.earnedCents);
    }

    /** Per rider and for the whole coop, over shifts that overlap [from, to). */
    public FairnessReport fairness(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ApiException.unprocessable("from must be earlier than to");
        }
        Instant now = clock.instant();
        Map<UUID, RiderFigures> riders = new TreeMap<>();
        for (RiderShift shift : RiderShift.<RiderShift>list("startedAt < ?1 and (endedAt is null or endedAt > ?2)",
                to, from)) {
            Instant start = shift.startedAt.isBefore(from) ? from : shift.startedAt;
            Instant end = shift.endedAt == null || shift.endedAt.isAfter(to) ? (to.isAfter(now) ? now : to)
                    : shift.endedAt;
            double hours = Math.max(0, Duration.between(start, end).toSeconds()) / 3600.0;
            RiderFigures f = riders.computeIfAbsent(shift.riderId, RiderFigures::new);
            f.onlineHours += hours;
            if (start.isBefore(end)) {
                f.online.add(new Fairness.Span(start.toEpochMilli(), end.toEpochMilli()));
            }
        }
        Instant until = to.isAfter(now) ? now : to;
        // Jobs that overlap the period: they count where they were assigned, and make the rider busy while they ran.
        for (DispatchJob job : DispatchJob.<DispatchJob>list(
                "assignedRiderId is not null and assignedAt < ?1 and (status in ?2 or updatedAt >= ?3)", to,
                List.of(JobStatus.ASSIGNED, JobStatus.PICKED_UP), from)) {
            RiderFigures f = riders.computeIfAbsent(job.assignedRiderId, RiderFigures::new);
            if (!job.assignedAt.isBefore(from)) {
                f.jobs++;
                if (job.status == JobStatus.DELIVERED && job.riderPayCents != null) {
                    f.earnedCents += job.riderPayCents;
                }
            }
            Instant ended = job.status.active() ? until
                    : job.status == JobStatus.DELIVERED && job.deliveredAt != null ? job.deliveredAt : job.updatedAt;
            if (job.assignedAt.isBefore(ended)) {
                f.busy.add(new Fairness.Span(job.assignedAt.toEpochMilli(), ended.toEpochMilli()));
            }
        }
        Map<String, Long> skipped = new TreeMap<>();
        long manual = 0;
        for (DispatchDecision d : DispatchDecision.<DispatchDecision>list("madeAt >= ?1 and madeAt < ?2", from, to)) {
            if ("MANUAL".equals(d.kind)) {
                manual++;
            }
            for (JsonNode c : tree(d.candidates)) {
                if (c.path("position").asInt() > 1 && !c.path("riderId").asText().equals(String.valueOf(d.chosenRiderId))) {
                    skipped.merge("LATER_IN_ROTATION", 1L, Long::sum);
                }
            }
            for (JsonNode e : tree(d.excluded)) {
                String reason = e.path("reason").asText();
                if (!reason.equals("OFFLINE")) {
                    skipped.merge(reason, 1L, Long::sum);
                }
            }
        }
        List<RiderFigures> list = new ArrayList<>(riders.values());
        list.forEach(RiderFigures::derive);
        double[] earningsPerHour = list.stream().filter(f -> f.onlineHours > 0).mapToDouble(f -> f.earnedPerHour)
                .toArray();
        double[] jobsPerHour = list.stream().filter(f -> f.onlineHours > 0).mapToDouble(f -> f.jobsPerHour).toArray();
        return new FairnessReport(from, to, list.stream().map(RiderFigures::view).toList(),
                Fairness.gini(earningsPerHour), Fairness.gini(jobsPerHour),
                stat(earningsPerHour, true), stat(earningsPerHour, false), stat(jobsPerHour, true),
                stat(jobsPerHour, false), skipped, manual);
    }

    private static double stat(double[] values, boolean max) {
        return values.length == 0 ? 0 : max ? java.util.Arrays.stream(values).max().orElse(0)
                : java.util.Arrays.stream(values).min().orElse(0);
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class RiderFigures {
        final UUID riderId;
        double onlineHours;
        int jobs;
        long earnedCents;
        double earnedPerHour;
        double jobsPerHour;
        final List<Fairness.Span> online = new ArrayList<>();
        final List<Fairness.Span> busy = new ArrayList<>();

        RiderFigures(UUID riderId) {
            this.riderId = riderId;
        }

        void derive() {
            earnedPerHour = onlineHours > 0 ? earnedCents / onlineHours : 0;
            jobsPerHour = onlineHours > 0 ? jobs / onlineHours : 0;
        }

        RiderFairness view() {
            return new RiderFairness(riderId, Math.round(onlineHours * 100) / 100.0, jobs, earnedCents,
                    Math.round(earnedPerHour), Math.round(jobsPerHour * 100) / 100.0,
                    Math.round(Fairness.longestWait(online, busy) / 60_000.0 * 10) / 10.0);
        }
    }

    public record Explanation(UUID deliveryId, JobStatus status, Location pickup, Location dropoff, int weightGrams,
                              Instant requestedAt, Instant offerFrom, UUID assignedRiderId, Long riderPayCents,
                              String pricingVersion,
                              List<OfferView> offers, List<DecisionView> decisions) {
    }

    public record OfferView(UUID offerId, UUID riderId, OfferStatus status, Instant offeredAt, Instant expiresAt,
                            Instant answeredAt) {
    }

    public record DecisionView(UUID id, Instant madeAt, String kind, String rulesVersion, String rotationKey,
                               UUID chosenRiderId, String reason, String decidedBy, JsonNode candidates,
                               JsonNode excluded) {
    }

    public record QueueEntry(int position, UUID riderId, String vehicle, Instant waitingSince, int jobsThisShift,
                             long earnedCents, boolean answeringAnOffer) {
    }

    public record RiderQueue(UUID riderId, String state, Integer position, Integer ahead, int queueLength,
                             String rotationKey, String rulesVersion, Instant waitingSince, int jobsThisShift,
                             long earnedCents) {
    }

    public record RiderFairness(UUID riderId, double onlineHours, int jobs, long earnedCents,
                                long earnedCentsPerOnlineHour, double jobsPerOnlineHour,
                                double longestWaitMinutes) {
    }

    public record FairnessReport(Instant from, Instant to, List<RiderFairness> riders, double giniEarningsPerHour,
                                 double giniJobsPerHour, double maxEarningsPerHour, double minEarningsPerHour,
                                 double maxJobsPerHour, double minJobsPerHour, Map<String, Long> skippedByReason,
                                 long manualAssignments) {
    }
}
