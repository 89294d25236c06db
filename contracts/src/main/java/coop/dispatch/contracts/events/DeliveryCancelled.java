package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The merchant cancelled a delivery before pick-up. Key: deliveryId. Topic: delivery-requests. */
public record DeliveryCancelled(UUID deliveryId, UUID merchantId, String reason, Instant at) {
}
