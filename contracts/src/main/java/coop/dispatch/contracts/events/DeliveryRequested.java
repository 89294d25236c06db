package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A merchant asked for a delivery. Key: deliveryId. The price and the rider's pay were fixed by merchant-service
 * with the pricing policy version named here; they may be null where no price applies.
 */
public record DeliveryRequested(UUID deliveryId, UUID merchantId, GeoPoint pickup, GeoPoint dropoff,
                                Instant pickupAfter, Instant pickupBefore, Instant dropoffAfter,
                                Instant dropoffBefore, int weightGrams, Instant requestedAt,
                                Long priceCents, Long riderPayCents, String pricingVersion) {
}
