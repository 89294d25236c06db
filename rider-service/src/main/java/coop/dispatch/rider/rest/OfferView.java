package coop.dispatch.rider.rest;

import coop.dispatch.commons.geo.Location;
import coop.dispatch.rider.Offer;
import coop.dispatch.rider.OfferStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An offer as the rider's phone shows it, with the seconds left to answer (the phone counts down from these rather
 * than from {@code expiresAt}, so a phone clock running wrong does not matter) and the pay, null if not priced.
 */
public record OfferView(UUID offerId, UUID deliveryId, OfferStatus status, Location pickup, Location dropoff,
                        double pickupDistanceMeters, long pickupSeconds, Long riderPayCents, Instant offeredAt,
                        Instant expiresAt, long secondsLeft) {

    public static OfferView of(Offer o, Instant now) {
        long left = o.status == OfferStatus.OPEN ? Math.max(0, Duration.between(now, o.expiresAt).toSeconds()) : 0;
        return new OfferView(o.offerId, o.deliveryId, o.status, new Location(o.pickupLat, o.pickupLon),
                new Location(o.dropoffLat, o.dropoffLon), o.pickupDistanceMeters, o.pickupSeconds, o.riderPayCents,
                o.offeredAt, o.expiresAt, left);
    }
}
