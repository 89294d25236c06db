package coop.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Great-circle distance times a detour factor, at a constant speed. A stand-in for street routing where no map is
 * loaded, and the travel model of benchmarks that define their own.
 */
public final class StraightLineTravelTimes implements TravelTimes {
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private final double metersPerSecond;
    private final double detourFactor;

    public StraightLineTravelTimes(double kilometersPerHour, double detourFactor) {
        if (kilometersPerHour <= 0 || detourFactor < 1) {
            throw new IllegalArgumentException("speed must be positive and detour factor at least 1");
        }
        this.metersPerSecond = kilometersPerHour / 3.6;
        this.detourFactor = detourFactor;
    }

    @Override
    public Map<UUID, Leg> toPickup(GeoPoint pickup, Vehicle vehicle, Map<UUID, GeoPoint> riders, Duration limit) {
        Map<UUID, Leg> legs = new HashMap<>();
        riders.forEach((rider, at) -> {
            Leg leg = leg(at, pickup);
            if (leg.seconds() <= limit.toSeconds()) {
                legs.put(rider, leg);
            }
        });
        return legs;
    }

    /** The estimated leg from one point to another. */
    public Leg leg(GeoPoint from, GeoPoint to) {
        double meters = haversineMeters(from, to) * detourFactor;
        return new Leg(meters, Math.round(meters / metersPerSecond));
    }

    public static double haversineMeters(GeoPoint a, GeoPoint b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
