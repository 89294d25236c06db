package coop.dispatch.dispatch.config;

import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.DeclineRule;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dispatch policy version 1 (in force until the rider assembly adopts another) and the map to route on. */
@ConfigMapping(prefix = "coop.dispatch")
public interface DispatchConfig {

    @WithDefault("dispatch-1")
    String rulesVersion();

    @WithDefault("LONGEST_WAITING")
    RotationKey rotationKey();

    @WithDefault("PT15M")
    Duration maxPickupTime();

    @WithDefault("PT60S")
    Duration offerTimeout();

    @WithDefault("KEEP_PLACE")
    DeclineRule declineRule();

    @WithDefault("1")
    int bundleLimit();

    @WithDefault("50")
    double bundleRadiusMeters();

    @WithDefault("PT15M")
    Duration unassignableAfter();

    /**
     * How long before its pickup a delivery booked for later is first offered (its pickup window's start, or for a
     * dropoff window only, that window's start less the straight-line ride at the routing's speed and detour).
     * Deliveries wanted now are offered at once.
     */
    @WithDefault("PT20M")
    Duration offerLead();

    @WithDefault("8000")
    int bikeMaxGrams();

    @WithDefault("15000")
    int ebikeMaxGrams();

    @WithDefault("100000")
    int cargoBikeMaxGrams();

    /** How often overdue offers are expired and waiting deliveries offered, besides after every event. */
    @WithDefault("1s")
    String roundInterval();

    Routing routing();

    interface Routing {
        /**
         * The OpenStreetMap extracts (.osm.pbf) to route on, comma-separated: one per city this deployment serves
         * (a job is routed on the map that covers its pickup). Without any, straight lines × detour factor.
         */
        Optional<List<String>> osmFile();

        /** Where the imported graph is kept; imported once, loaded from here on later starts. */
        @WithDefault("graphs")
        String graphFolder();

        /** Straight-line model (no map): average cycling speed. */
        @WithDefault("15")
        double speedKmh();

        /** Straight-line model (no map): how much longer a street route is than the straight line. */
        @WithDefault("1.3")
        double detourFactor();
    }

    default DispatchRules rules() {
        return new DispatchRules(rulesVersion(), rotationKey(), maxPickupTime(), offerTimeout(), declineRule(),
                bundleLimit(), bundleRadiusMeters(), unassignableAfter(),
                Map.of(Vehicle.BIKE, bikeMaxGrams(), Vehicle.EBIKE, ebikeMaxGrams(),
                        Vehicle.CARGO_BIKE, cargoBikeMaxGrams()));
    }
}
