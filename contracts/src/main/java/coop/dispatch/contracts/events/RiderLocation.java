package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The latest known position of an online rider. Key: riderId. */
public record RiderLocation(UUID riderId, GeoPoint location, Instant at) {
}
