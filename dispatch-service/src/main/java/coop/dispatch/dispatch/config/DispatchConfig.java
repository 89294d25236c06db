package coop.dispatch.dispatch.config;

import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** The default dispatch policy (until the rider assembly adopts one) and the travel model without a map. */
@ConfigMapping(prefix = "coop.dispatch")
public interface DispatchConfig {

    @WithDefault("default-1")
    String rulesVersion();

    @WithDefault("LONGEST_WAITING")
    RotationKey rotationKey();

    @WithDefault("PT12M")
    Duration maxPickupTime();

    @WithDefault("PT60S")
    Duration offerTimeout();

    @WithDefault("PT15M")
    Duration unassignableAfter();

    @WithDefault("8000")
    int bikeMaxGrams();

    @WithDefault("15000")
    int ebikeMaxGrams();

    @WithDefault("100000")
    int cargoBikeMaxGrams();

    /** Average cycling speed for straight-line travel estimates. */
    @WithDefault("15")
    double speedKmh();

    /** How much longer a street route is than the straight line, on average. */
    @WithDefault("1.3")
    double detourFactor();

    /** How often overdue offers are expired and waiting deliveries offered, besides after every event. */
    @WithDefault("1s")
    String roundInterval();

    default DispatchRules rules() {
        return new DispatchRules(rulesVersion(), rotationKey(), maxPickupTime(), offerTimeout(), unassignableAfter(),
                Map.of(Vehicle.BIKE, bikeMaxGrams(), Vehicle.EBIKE, ebikeMaxGrams(),
                        Vehicle.CARGO_BIKE, cargoBikeMaxGrams()));
    }
}
