package coop.dispatch.engine;

import coop.dispatch.contracts.events.Vehicle;

import java.time.Duration;
import java.util.Map;

/**
 * The dispatch policy the engine applies, as adopted by the rider assembly (its version is recorded on every
 * decision).
 *
 * @param maxPickupTime     a rider who needs longer than this to reach the pickup is not eligible
 * @param offerTimeout      how long a rider has to answer an offer
 * @param declineRule       what a decline does to the rider's place
 * @param bundleLimit       how many active jobs a rider may carry at once (1 = no bundling)
 * @param bundleRadiusMeters an order joins a rider's trip only if picked up within this distance of their pickup
 * @param unassignableAfter how long a delivery may wait without any taker before coordinators are alerted
 * @param maxWeightGrams    the heaviest parcel each vehicle may carry
 */
public record DispatchRules(String version, RotationKey rotationKey, Duration maxPickupTime, Duration offerTimeout,
                            DeclineRule declineRule, int bundleLimit, double bundleRadiusMeters,
                            Duration unassignableAfter, Map<Vehicle, Integer> maxWeightGrams) {

    public DispatchRules {
        maxWeightGrams = Map.copyOf(maxWeightGrams);
        if (bundleLimit < 1) {
            throw new IllegalArgumentException("bundle limit must be at least 1");
        }
    }

    /** Version 1, in force until the assembly votes otherwise. */
    public static DispatchRules defaults() {
        return new DispatchRules("dispatch-1", RotationKey.LONGEST_WAITING, Duration.ofMinutes(15),
                Duration.ofSeconds(60), DeclineRule.KEEP_PLACE, 1, 50, Duration.ofMinutes(15),
                Map.of(Vehicle.BIKE, 8_000, Vehicle.EBIKE, 15_000, Vehicle.CARGO_BIKE, 100_000));
    }

    public boolean fits(Vehicle vehicle, int weightGrams) {
        return weightGrams <= maxWeightGrams.getOrDefault(vehicle, 0);
    }

    public DispatchRules withRotationKey(RotationKey key) {
        return new DispatchRules(version, key, maxPickupTime, offerTimeout, declineRule, bundleLimit,
                bundleRadiusMeters, unassignableAfter, maxWeightGrams);
    }
}
