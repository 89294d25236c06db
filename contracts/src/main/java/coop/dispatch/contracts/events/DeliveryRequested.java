package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A merchant asked for a delivery. Key: deliveryId. The price and the rider's pay were fixed by merchant-service
 * with the pricing policy version named here; they may be null where no price applies. The stop details (addresses,
 * contacts, notes) are for the rider who gets the job; dispatch does not need them.
 */
public record DeliveryRequested(UUID deliveryId, UUID merchantId, GeoPoint pickup, GeoPoint dropoff,
                                Instant pickupAfter, Instant pickupBefore, Instant dropoffAfter,
                                Instant dropoffBefore, int weightGrams, Instant requestedAt,
                                Long priceCents, Long riderPayCents, String pricingVersion,
                                StopDetails pickupStop, StopDetails dropoffStop) {

    /** A request without stop details (addresses, contacts): events written before they existed read this way. */
    public DeliveryRequested(UUID deliveryId, UUID merchantId, GeoPoint pickup, GeoPoint dropoff, Instant pickupAfter,
                             Instant pickupBefore, Instant dropoffAfter, Instant dropoffBefore, int weightGrams,
                             Instant requestedAt, Long priceCents, Long riderPayCents, String pricingVersion) {
        this(deliveryId, merchantId, pickup, dropoff, pickupAfter, pickupBefore, dropoffAfter, dropoffBefore,
                weightGrams, requestedAt, priceCents, riderPayCents, pricingVersion, null, null);
    }
}
