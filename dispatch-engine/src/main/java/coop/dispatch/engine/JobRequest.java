package coop.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;

import java.util.UUID;

/** A delivery waiting for a rider. */
public record JobRequest(UUID deliveryId, GeoPoint pickup, GeoPoint dropoff, int weightGrams) {
}
