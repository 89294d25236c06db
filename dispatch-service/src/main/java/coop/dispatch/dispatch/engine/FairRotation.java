package coop.dispatch.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
     */
    public Decision decide(JobRequest job, Collection<RiderSnapshot> riders, Set<UUID> alreadyOffered,
                           DispatchRules rules) {
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
        Map<UUID, GeoPoint> positions = new HashMap<>();
        available.values().forEach(r -> positions.put(r.riderId(), r.location()));
        Map<UUID, Leg> legs = travelTimes.toPickup(job.pickup(), positions, rules.maxPickupTime());

        List<RiderSnapshot> eligible = new ArrayList<>();
        for (RiderSnapshot rider : available.values()) {
            Leg leg = legs.get(rider.riderId());
            if (leg == null || leg.seconds() > rules.maxPickupTime().toSeconds()) {
                excluded.add(new Decision.Exclusion(rider.riderId(), Decision.Reason.PICKUP_TOO_FAR));
            } else {
                eligible.add(rider);
            }
        }
        eligible.sort(order(rules.rotationKey()));
        List<Decision.Candidate> candidates = new ArrayList<>();
        for (RiderSnapshot rider : eligible) {
            Leg leg = legs.get(rider.riderId());
            candidates.add(new Decision.Candidate(rider.riderId(), candidates.size() + 1,
                    rotationValue(rules.rotationKey(), rider), leg.meters(), leg.seconds()));
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
        if (rider.busy()) {
            return Decision.Reason.ON_A_JOB;
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

    private static Comparator<RiderSnapshot> order(RotationKey key) {
        return switch (key) {
            // Ties (same instant) fall back to the rider id, so that a replay decides exactly as the original.
            case LONGEST_WAITING -> Comparator.comparing(RiderSnapshot::waitingSince,
                            Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                    .thenComparing(r -> r.riderId().toString());
        };
    }

    private static String rotationValue(RotationKey key, RiderSnapshot rider) {
        return switch (key) {
            case LONGEST_WAITING -> "waiting since " + rider.waitingSince();
        };
    }
}
