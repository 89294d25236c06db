package coop.dispatch.rider.rest;

import coop.dispatch.commons.geo.Location;
import coop.dispatch.rider.Job;
import coop.dispatch.rider.JobStatus;
import coop.dispatch.rider.service.DeliveryStops;

import java.time.Instant;
import java.util.UUID;

/**
 * A rider's job; pickup and dropoff are null for a job assigned by hand without an offer, the pay is null when the
 * delivery carries no price. {@code proofPhoto} says whether a photo was uploaded on delivery. The stops (address,
 * contact, phone, notes) are shown only to the rider whose job it is; null when the request carried none.
 */
public record JobView(UUID deliveryId, UUID offerId, JobStatus status, Location pickup, Location dropoff,
                      Long riderPayCents, Instant assignedAt, Instant pickedUpAt, Instant deliveredAt,
                      Instant failedAt, String failureReason, Instant cancelledAt, String cancelReason,
                      String recipientName, boolean proofPhoto,
                      DeliveryStops.Stop pickupStop, DeliveryStops.Stop dropoffStop) {

    /** The job with its stops' addresses and contacts when the request carried them (null otherwise). */
    public static JobView of(Job j, boolean proofPhoto, DeliveryStops.Stops stops) {
        return new JobView(j.deliveryId, j.offerId, j.status, location(j.pickupLat, j.pickupLon),
                location(j.dropoffLat, j.dropoffLon), j.riderPayCents, j.assignedAt, j.pickedUpAt, j.deliveredAt,
                j.failedAt, j.failureReason, j.cancelledAt, j.cancelReason, j.recipientName, proofPhoto, stops == null ? null : stops.pickup(),
                stops == null ? null : stops.dropoff());
    }

    private static Location location(Double lat, Double lon) {
        return lat == null || lon == null ? null : new Location(lat, lon);
    }
}
