package coop.dispatch.rider.rest;

import coop.dispatch.commons.geo.Location;
import coop.dispatch.rider.Job;
import coop.dispatch.rider.JobStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * A rider's job; pickup and dropoff are null for a job assigned by hand without an offer, the pay is null when the
 * delivery carries no price. {@code proofPhoto} says whether a photo was uploaded on delivery.
 */
public record JobView(UUID deliveryId, UUID offerId, JobStatus status, Location pickup, Location dropoff,
                      Long riderPayCents, Instant assignedAt, Instant pickedUpAt, Instant deliveredAt,
                      Instant failedAt, String failureReason, String recipientName, boolean proofPhoto) {

    public static JobView of(Job j, boolean proofPhoto) {
        return new JobView(j.deliveryId, j.offerId, j.status, location(j.pickupLat, j.pickupLon),
                location(j.dropoffLat, j.dropoffLon), j.riderPayCents, j.assignedAt, j.pickedUpAt, j.deliveredAt,
                j.failedAt, j.failureReason, j.recipientName, proofPhoto);
    }

    public static JobView of(Job j) {
        return of(j, false);
    }

    private static Location location(Double lat, Double lon) {
        return lat == null || lon == null ? null : new Location(lat, lon);
    }
}
