package coop.dispatch.engine;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outcome of one dispatch round for one delivery: the eligible riders in rotation order, and every other rider
 * with the reason they were left out. Stored as is, so that anyone can see why a rider got a job.
 */
public record Decision(UUID deliveryId, String rulesVersion, RotationKey rotationKey, List<Candidate> candidates,
                       List<Exclusion> excluded) {

    public Optional<Candidate> first() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    /** An eligible rider: their place in the queue, the value of the rotation key, and how far they are. */
    public record Candidate(UUID riderId, int position, String rotationValue, double pickupMeters,
                            long pickupSeconds, boolean bundled) {
    }

    public record Exclusion(UUID riderId, Reason reason) {
    }

    public enum Reason {
        OFFLINE, ON_A_JOB, BUNDLE_FULL, ANSWERING_ANOTHER_OFFER, ALREADY_OFFERED_THIS_JOB, VEHICLE_TOO_SMALL,
        NO_LOCATION, PICKUP_TOO_FAR
    }
}
