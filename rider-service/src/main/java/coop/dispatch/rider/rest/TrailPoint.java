package coop.dispatch.rider.rest;

import java.time.Instant;
import java.util.UUID;

/** One stored position: where and when the phone took it, and when it reached the service. */
public record TrailPoint(UUID shiftId, double lat, double lon, Instant at, Instant receivedAt) {
}
