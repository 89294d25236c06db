package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A rider started a shift. Key: riderId. */
public record RiderOnline(UUID riderId, Vehicle vehicle, GeoPoint location, Instant since) {
}
