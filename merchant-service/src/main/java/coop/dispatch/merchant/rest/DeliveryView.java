package coop.dispatch.merchant.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
public record DeliveryView(UUID id, DeliveryStatus status, String statusReason, String reference, StopView pickup,
                           StopView dropoff, DeliveryRequest.Parcel parcel, PriceView price, RouteView route,
                           String trackingUrl, UUID riderId, Instant createdAt, Instant updatedAt,
                           List<StatusChangeView> history) {
    private static final ObjectMapper PACKAGES = new ObjectMapper();

    public record StopView(String address, Location location, String contactName, String phone, String notes,
                           Instant after, Instant before) {
    }

    /** What the merchant pays and what the rider earns of it, fixed by the pricing policy version named here. */
    public record PriceView(Long amountCents, Long riderPayCents, String currency, String policyVersion,
                            String vehicle) {
    }

    /** The bike distance and duration the price is based on; source ROUTED or STRAIGHT_LINE (× detour factor). */
    public record RouteView(Integer distanceMeters, Integer durationSeconds, String source) {
    }

    public record StatusChangeView(DeliveryStatus status, Instant at, String reason) {
    }

    public static DeliveryView of(Delivery d, List<DeliveryStatusChange> history, String trackingUrl) {
        return new DeliveryView(d.id, d.status, d.statusReason, d.reference,
                new StopView(d.pickupAddress, location(d.pickupLocation), d.pickupContactName, d.pickupPhone,
                        d.pickupNotes, d.pickupAfter, d.pickupBefore),
                new StopView(d.dropoffAddress, location(d.dropoffLocation), d.dropoffContactName, d.dropoffPhone,
                        d.dropoffNotes, d.dropoffAfter, d.dropoffBefore),
                new DeliveryRequest.Parcel(d.weightGrams, d.size, packages(d.packages)),
                new PriceView(d.priceCents, d.riderPayCents, d.currency, d.pricingVersion, d.vehicle),
                new RouteView(d.distanceMeters, d.durationSeconds, d.distanceSource),
                trackingUrl, d.riderId, d.createdAt, d.updatedAt,
                history.stream().map(h -> new StatusChangeView(h.status, h.at, h.reason)).toList());
    }

    public static String packagesJson(List<DeliveryRequest.Package> packages) {
        if (packages == null) {
            return null;
        }
        try {
            return PACKAGES.writeValueAsString(packages);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<DeliveryRequest.Package> packages(String json) {
        if (json == null) {
            return null;
        }
        try {
            return PACKAGES.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored packages are not JSON", e);
        }
    }

    private static Location location(Point p) {
        return Location.of(GeoPoints.of(p));
    }
}
