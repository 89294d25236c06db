package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The dispatcher offers a delivery to one rider, who has until {@code expiresAt} to answer. Key: riderId.
 * {@code riderPayCents} is what the rider earns for it (null if the delivery carries no price).
 */
public record JobOffered(UUID offerId, UUID deliveryId, UUID riderId, GeoPoint pickup, GeoPoint dropoff,
                         double pickupDistanceMeters, long pickupSeconds, Instant offeredAt, Instant expiresAt,
                         Long riderPayCents) {
}
