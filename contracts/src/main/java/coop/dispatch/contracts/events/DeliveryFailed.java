package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The assigned rider could not hand the parcel over (nobody home, wrong address, ...). Key: deliveryId. */
public record DeliveryFailed(UUID deliveryId, UUID riderId, String reason, Instant at) {
}
