package coop.dispatch.contracts.events;

import java.util.UUID;

/** An open offer is no longer valid (timed out, delivery cancelled). Key: riderId. */
public record OfferWithdrawn(UUID offerId, UUID deliveryId, UUID riderId, String reason) {
}
