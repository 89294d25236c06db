package coop.dispatch.merchant.service;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.merchant.config.MerchantConfig;
import coop.dispatch.merchant.rest.DeliveryRequest;
import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PriceQuote;
import coop.dispatch.policies.PricingException;
import coop.dispatch.policies.PricingInput;
import coop.dispatch.policies.Vehicle;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Works out what a delivery will take and cost, in this order: the vehicle the parcel needs (the pricing policy in
 * force decides it from weight and size), the distance and duration for that vehicle (routed with its profile when
 * dispatch's router answers, else the straight line times a detour factor), and the price of that distance under the
 * same policy.
 */
@ApplicationScoped
public class DeliveryPlanner {
    public enum DistanceSource {
        ROUTED, STRAIGHT_LINE
    }

    private final RoutingClient routing;
    private final PricingService pricing;
    private final MerchantConfig.Routing routingConfig;
    private final MerchantConfig.Deliveries deliveryConfig;
    private final Clock clock = Clock.systemUTC();

    public DeliveryPlanner(RoutingClient routing, PricingService pricing, MerchantConfig.Routing routingConfig,
                           MerchantConfig.Deliveries deliveryConfig) {
        this.routing = routing;
        this.pricing = pricing;
        this.routingConfig = routingConfig;
        this.deliveryConfig = deliveryConfig;
    }

    public record Plan(int distanceMeters, int durationSeconds, DistanceSource distanceSource, PriceQuote price,
                       Instant earliestPickup, Instant estimatedDropoff, String routingNote) {
    }

    /**
     * Plans a delivery. With {@code routeRequired} (quotes) a missing route is an error; otherwise (creation) the
     * straight line stands in and the plan says so.
     */
    public Plan plan(DeliveryRequest request, String bearerToken, boolean routeRequired) {
        GeoPoint from = request.pickup().location().toGeoPoint();
        GeoPoint to = request.dropoff().location().toGeoPoint();
        CompiledPricingPolicy policy = pricing.current();
        Vehicle vehicle;
        try {
            vehicle = policy.vehicleFor(request.weightGrams(), request.size());
        } catch (PricingException e) {
            throw refused(policy, e);
        }
        double meters;
        double seconds;
        DistanceSource source;
        String note = null;
        try {
            RoutingClient.Route route = routing.route(from, to, vehicle, bearerToken);
            meters = route.distanceMeters();
            seconds = route.durationSeconds();
            source = DistanceSource.ROUTED;
        } catch (RoutingClient.RoutingUnavailable e) {
            if (routeRequired) {
                String by = vehicleName(vehicle);
                throw e.noRoute()
                        ? new ApiException(422, "No " + by + " route", "There is no " + by + " route from the pickup "
                        + "to the dropoff: " + e.getMessage(), List.of(new Problem.Violation("dropoff.location",
                        "cannot be reached by " + by + " from the pickup")))
                        : new ApiException(503, "Routing unavailable", "Routing is unavailable, so no quote "
                        + "can be given right now (" + e.getMessage() + "); deliveries can still be created, priced "
                        + "on the straight-line distance");
            }
            meters = straightLineMeters(from, to) * routingConfig.detourFactor();
            seconds = meters / (routingConfig.speedKmh() / 3.6);
            source = DistanceSource.STRAIGHT_LINE;
            note = e.getMessage();
        }
        Instant now = clock.instant();
        Instant earliestPickup = now.plus(deliveryConfig.pickupLeadTime());
        if (request.pickup().after() != null && request.pickup().after().isAfter(earliestPickup)) {
            earliestPickup = request.pickup().after();
        }
        Instant dropoff = earliestPickup.plusSeconds(Math.round(seconds));
        if (request.dropoff().after() != null && request.dropoff().after().isAfter(dropoff)) {
            dropoff = request.dropoff().after();
        }
        PriceQuote price;
        try {
            price = policy.price(new PricingInput(meters / 1000.0, request.weightGrams(), request.size(),
                    request.packageCount(), request.pickup().after() != null ? request.pickup().after() : now));
        } catch (PricingException e) {
            throw refused(policy, e);
        }
        return new Plan((int) Math.round(meters), (int) Math.round(seconds), source, price, earliestPickup, dropoff,
                note);
    }

    private static ApiException refused(CompiledPricingPolicy policy, PricingException e) {
        if (e.field() != null && e.field().startsWith("parcel.")) {
            return new ApiException(422, "Parcel too heavy", e.getMessage(),
                    List.of(new Problem.Violation(e.field(), e.getMessage())));
        }
        return new ApiException(500, "Pricing failed", "Pricing policy " + policy.version()
                + " could not price this delivery: " + e.getMessage());
    }

    private static String vehicleName(Vehicle vehicle) {
        return switch (vehicle) {
            case BIKE -> "bike";
            case EBIKE -> "e-bike";
            case CARGO_BIKE -> "cargo bike";
        };
    }

    /** Great-circle distance in metres (haversine, mean Earth radius). */
    public static double straightLineMeters(GeoPoint a, GeoPoint b) {
        double lat1 = Math.toRadians(a.lat());
        double lat2 = Math.toRadians(b.lat());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
