package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A rider accepted an offer. Key: deliveryId. */
public record OfferAccepted(UUID offerId, UUID deliveryId, UUID riderId, Instant acceptedAt) {
}
