package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The dispatcher confirmed a rider's acceptance: the delivery is theirs. Key: deliveryId. */
public record DeliveryAssigned(UUID deliveryId, UUID riderId, UUID offerId, Instant assignedAt) {
}
