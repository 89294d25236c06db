package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Nobody eligible took the delivery within the policy's wait limit; coordinators are alerted. Key: deliveryId. */
public record DeliveryUnassignable(UUID deliveryId, String reason, Instant at) {
}
