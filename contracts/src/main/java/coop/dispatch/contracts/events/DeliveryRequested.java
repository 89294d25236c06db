package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A merchant asked for a delivery. Key: deliveryId. */
public record DeliveryRequested(UUID deliveryId, UUID merchantId, GeoPoint pickup, GeoPoint dropoff,
                                Instant pickupAfter, Instant pickupBefore, Instant dropoffAfter,
                                Instant dropoffBefore, int weightGrams, Instant requestedAt) {
}
