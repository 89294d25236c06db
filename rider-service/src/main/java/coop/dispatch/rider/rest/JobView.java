package coop.dispatch.rider.rest;

import coop.dispatch.commons.geo.Location;
import coop.dispatch.rider.Job;
import coop.dispatch.rider.JobStatus;

import java.time.Instant;
import java.util.UUID;

/** A rider's job; pickup and dropoff are null for a job assigned by hand without an offer. */
public record JobView(UUID deliveryId, UUID offerId, JobStatus status, Location pickup, Location dropoff,
                      Instant assignedAt, Instant pickedUpAt, Instant deliveredAt) {

    public static JobView of(Job j) {
        return new JobView(j.deliveryId, j.offerId, j.status, location(j.pickupLat, j.pickupLon),
                location(j.dropoffLat, j.dropoffLon), j.assignedAt, j.pickedUpAt, j.deliveredAt);
    }

    private static Location location(Double lat, Double lon) {
        return lat == null || lon == null ? null : new Location(lat, lon);
    }
}
