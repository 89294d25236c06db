package coop.dispatch.merchant.rest;

import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.merchant.Delivery;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.DeliveryStatusChange;
import org.locationtech.jts.geom.Point;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A delivery as its merchant reads it. */
public record DeliveryView(UUID id, DeliveryStatus status, String reference, StopView pickup, StopView dropoff,
                           DeliveryRequest.Parcel parcel, UUID riderId, Instant createdAt, Instant updatedAt,
                           List<StatusChangeView> history) {

    public record StopView(String address, Location location, String contactName, String phone, String notes,
                           Instant after, Instant before) {
    }

    public record StatusChangeView(DeliveryStatus status, Instant at) {
    }

    public static DeliveryView of(Delivery d, List<DeliveryStatusChange> history) {
        return new DeliveryView(d.id, d.status, d.reference,
                new StopView(d.pickupAddress, location(d.pickupLocation), d.pickupContactName, d.pickupPhone,
                        d.pickupNotes, d.pickupAfter, d.pickupBefore),
                new StopView(d.dropoffAddress, location(d.dropoffLocation), d.dropoffContactName, d.dropoffPhone,
                        d.dropoffNotes, d.dropoffAfter, d.dropoffBefore),
                new DeliveryRequest.Parcel(d.weightGrams), d.riderId, d.createdAt, d.updatedAt,
                history.stream().map(h -> new StatusChangeView(h.status, h.at)).toList());
    }

    private static Location location(Point p) {
        return Location.of(GeoPoints.of(p));
    }
}
