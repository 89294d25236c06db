package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The assigned rider collected the parcel. Key: deliveryId. */
public record DeliveryPickedUp(UUID deliveryId, UUID riderId, Instant at) {
}
