package coop.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * How long riders need to reach a pickup. One call answers every rider of one vehicle kind at once, so that a
 * routing engine can answer with a single reverse shortest-path tree from the pickup instead of one query per rider.
 */
public interface TravelTimes {

    /**
     * @param limit riders who cannot arrive within this time may be left out of the answer
     * @return the leg of every rider that can reach the pickup within the limit
     */
    Map<UUID, Leg> toPickup(GeoPoint pickup, Vehicle vehicle, Map<UUID, GeoPoint> riders, Duration limit);
}
