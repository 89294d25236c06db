package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A rider declined an offer; no penalty beyond what the dispatch policy says. Key: deliveryId. */
public record OfferDeclined(UUID offerId, UUID deliveryId, UUID riderId, Instant declinedAt) {
}
