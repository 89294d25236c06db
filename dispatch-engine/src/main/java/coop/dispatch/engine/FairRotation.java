package coop.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides who is offered a delivery: filter the riders who can take it, then order them by the rotation key.
 * Plain Java, no framework: the service, the tests and the benchmark replay run this same code.
 */
public final class FairRotation {
    private final TravelTimes travelTimes;

    public FairRotation(TravelTimes travelTimes) {
        this.travelTimes = travelTimes;
    }

    /**
     * @param alreadyOffered riders who were offered this delivery before (declined or let it expire)
     * @param now            the decision time (earnings per hour are computed at it)
     */
    public Decision decide(JobRequest job, Collection<RiderSnapshot> riders, Set<UUID> alreadyOffered,
                           DispatchRules rules, Instant now) {
        List<Decision.Exclusion> excluded = new ArrayList<>();
        Map<UUID, RiderSnapshot> available = new HashMap<>();
        for (RiderSnapshot rider : riders) {
            Decision.Reason reason = unavailability(rider, job, alreadyOffered, rules);
            if (reason == null) {
                available.put(rider.riderId(), rider);
            } else {
                excluded.add(new Decision.Exclusion(rider.riderId(), reason));
            }
        }
        Map<Vehicle, Map<UUID, GeoPoint>> byVehicle = new EnumMap<>(Vehicle.class);
        available.values().forEach(r -> byVehicle.computeIfAbsent(r.vehicle(), v -> new HashMap<>())
                .put(r.riderId(), r.location()));
        // One search per vehicle kind; they are independent, so they run side by side.
        Map<UUID, Leg> legs = new ConcurrentHashMap<>();
        byVehicle.entrySet().parallelStream().forEach(kind -> legs.putAll(travelTimes.toPickup(job.pickup(),
                kind.getKey(), kind.getValue(), rules.maxPickupTime())));

        List<RiderSnapshot> eligible = new ArrayList<>();
        for (RiderSnapshot rider : available.values()) {
            Leg leg = legs.get(rider.riderId());
            if (leg == null || leg.seconds() > rules.maxPickupTime().toSeconds()) {
                excluded.add(new Decision.Exclusion(rider.riderId(), Decision.Reason.PICKUP_TOO_FAR));
            } else {
                eligible.add(rider);
            }
        }
        eligible.sort(order(rules.rotationKey(), now));
        List<Decision.Candidate> candidates = new ArrayList<>();
        for (RiderSnapshot rider : eligible) {
            Leg leg = legs.get(rider.riderId());
            candidates.add(new Decision.Candidate(rider.riderId(), candidates.size() + 1,
                    rotationValue(rules.rotationKey(), rider, now), leg.meters(), leg.seconds(),
                    rider.activeJobs() > 0));
        }
        excluded.sort(Comparator.comparing(e -> e.riderId().toString()));
        return new Decision(job.deliveryId(), rules.version(), rules.rotationKey(), List.copyOf(candidates),
                List.copyOf(excluded));
    }

    private static Decision.Reason unavailability(RiderSnapshot rider, JobRequest job, Set<UUID> alreadyOffered,
                                                  DispatchRules rules) {
        if (!rider.online()) {
            return Decision.Reason.OFFLINE;
        }
        if (rider.activeJobs() > 0) {
            boolean samePickup = rider.bundlePickup() != null && StraightLineTravelTimes.haversineMeters(
                    rider.bundlePickup(), job.pickup()) <= rules.bundleRadiusMeters();
            if (!samePickup || rules.bundleLimit() == 1) {
                return Decision.Reason.ON_A_JOB;
            }
            if (rider.activeJobs() >= rules.bundleLimit()) {
                return Decision.Reason.BUNDLE_FULL;
            }
        }
        if (rider.hasOpenOffer()) {
            return Decision.Reason.ANSWERING_ANOTHER_OFFER;
        }
        if (alreadyOffered.contains(rider.riderId())) {
            return Decision.Reason.ALREADY_OFFERED_THIS_JOB;
        }
        if (!rules.fits(rider.vehicle(), job.weightGrams())) {
            return Decision.Reason.VEHICLE_TOO_SMALL;
        }
        if (rider.location() == null) {
            return Decision.Reason.NO_LOCATION;
        }
        return null;
    }

    /** The rotation order. Public so that queue views order riders exactly as decisions do. */
    public static Comparator<RiderSnapshot> order(RotationKey key, Instant now) {
        Comparator<RiderSnapshot> longestWaiting = Comparator.comparing(RiderSnapshot::waitingSince,
                        Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(r -> r.riderId().toString());
        return switch (key) {
            case LONGEST_WAITING -> longestWaiting;
            case FEWEST_JOBS -> Comparator.comparingInt(RiderSnapshot::jobsThisShift).thenComparing(longestWaiting);
            case LOWEST_EARNINGS_PER_HOUR -> Comparator.comparingDouble((RiderSnapshot r) -> r.earningsPerHour(now))
                    .thenComparing(longestWaiting);
        };
    }

    private static String rotationValue(RotationKey key, RiderSnapshot rider, Instant now) {
        return switch (key) {
            case LONGEST_WAITING -> "waiting since " + rider.waitingSince();
            case FEWEST_JOBS -> rider.jobsThisShift() + " jobs this shift";
            case LOWEST_EARNINGS_PER_HOUR -> String.format(Locale.ROOT, "%.2f per online hour",
                    rider.earningsPerHour(now) / 100.0);
        };
    }
}
