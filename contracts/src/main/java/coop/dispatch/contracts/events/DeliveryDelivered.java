package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The assigned rider handed the parcel over. Key: deliveryId. */
public record DeliveryDelivered(UUID deliveryId, UUID riderId, Instant at) {
}
