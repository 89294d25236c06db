package coop.dispatch.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;

import java.time.Instant;
import java.util.UUID;

/**
 * What the dispatcher knows of a rider when it decides. {@code waitingSince} is when the rider last became free
 * (shift start or end of the last job): the rotation key "longest waiting" orders by it.
 */
public record RiderSnapshot(UUID riderId, boolean online, Vehicle vehicle, GeoPoint location, Instant waitingSince,
                            boolean busy, boolean hasOpenOffer) {
}
