package coop.dispatch.dispatch.engine;

import coop.dispatch.contracts.events.Vehicle;

import java.time.Duration;
import java.util.Map;

/**
 * The dispatch policy the engine applies. Adopted by the rider assembly; until then, the service's defaults.
 *
 * @param maxPickupTime     a rider farther than this from the pickup is not eligible
 * @param offerTimeout      how long a rider has to answer an offer
 * @param unassignableAfter how long a delivery may wait without any taker before coordinators are alerted
 * @param maxWeightGrams    the heaviest parcel each vehicle may carry
 */
public record DispatchRules(String version, RotationKey rotationKey, Duration maxPickupTime, Duration offerTimeout,
                            Duration unassignableAfter, Map<Vehicle, Integer> maxWeightGrams) {

    public DispatchRules {
        maxWeightGrams = Map.copyOf(maxWeightGrams);
    }

    public boolean fits(Vehicle vehicle, int weightGrams) {
        return weightGrams <= maxWeightGrams.getOrDefault(vehicle, 0);
    }
}
