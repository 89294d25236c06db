package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Leg;
import coop.dispatch.engine.TravelTimes;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The MDRP travel model behind the engine's {@link TravelTimes} interface: {@code ceil(euclidean / meters_per_minute)}
 * whole minutes between two points of the instance's metre plane, the same for every vehicle.
 * <p>
 * The engine speaks WGS84 {@link GeoPoint}s, so instance points are placed at the equator, one metre of the plane
 * being one metre of great circle ({@link #geo}); the engine's own haversine (its bundle radius check) then agrees
 * with the plane to a few parts per million. Travel times never go through that projection: every point the replay
 * hands to the engine is registered with its exact plane coordinates and looked up again here, so a distance of
 * exactly k·meters_per_minute cannot be rounded up to k+1 minutes by a round trip through degrees.
 */
public final class PlanarTravelTimes implements TravelTimes, TravelModel {
    /** Metres per degree of great circle, with the engine's earth radius. */
    static final double METERS_PER_DEGREE = 6_371_008.8 * Math.PI / 180;

    private final double metersPerMinute;
    private final Map<GeoPoint, double[]> plane = new HashMap<>();

    public PlanarTravelTimes(double metersPerMinute) {
        if (metersPerMinute <= 0) {
            throw new IllegalArgumentException("meters per minute must be positive");
        }
        this.metersPerMinute = metersPerMinute;
    }

    /** The point of the engine's world standing for plane point (x, y), registered for exact look-up. */
    @Override
    public GeoPoint geo(double x, double y) {
        GeoPoint p = new GeoPoint(y / METERS_PER_DEGREE, x / METERS_PER_DEGREE);
        plane.putIfAbsent(p, new double[] {x, y});
        return p;
    }

    @Override
    public double minutes(double x1, double y1, double x2, double y2) {
        return Math.ceil(MdrpInstance.distance(x1, y1, x2, y2) / metersPerMinute);
    }

    @Override
    public TravelTimes engine() {
        return this;
    }

    @Override
    public Map<UUID, Leg> toPickup(GeoPoint pickup, Vehicle vehicle, Map<UUID, GeoPoint> riders, Duration limit) {
        double[] to = xy(pickup);
        long limitSeconds = limit.toSeconds();
        Map<UUID, Leg> legs = new HashMap<>(riders.size() * 2);
        riders.forEach((rider, at) -> {
            double[] from = xy(at);
            double meters = MdrpInstance.distance(from[0], from[1], to[0], to[1]);
            long seconds = Math.round(Math.ceil(meters / metersPerMinute) * 60);
            if (seconds <= limitSeconds) {
                legs.put(rider, new Leg(meters, seconds));
            }
        });
        return legs;
    }

    private double[] xy(GeoPoint p) {
        double[] known = plane.get(p);
        return known != null ? known : new double[] {p.lon() * METERS_PER_DEGREE, p.lat() * METERS_PER_DEGREE};
    }
}
