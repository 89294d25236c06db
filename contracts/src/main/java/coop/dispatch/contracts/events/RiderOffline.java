package coop.dispatch.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A rider ended a shift. Key: riderId. */
public record RiderOffline(UUID riderId, Instant at) {
}
