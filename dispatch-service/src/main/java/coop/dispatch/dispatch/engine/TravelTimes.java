package coop.dispatch.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * How long each rider needs to reach a pickup. One call answers all riders at once, so that a routing engine can
 * answer with a single reverse shortest-path tree from the pickup instead of one query per rider.
 */
public interface TravelTimes {

    /**
     * @param limit riders who cannot arrive within this time may be left out of the answer
     * @return the leg of every rider that can reach the pickup within the limit
     */
    Map<UUID, Leg> toPickup(GeoPoint pickup, Map<UUID, GeoPoint> riders, Duration limit);
}
