package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Leg;
import coop.dispatch.engine.TravelTimes;
import coop.dispatch.engine.routing.BikeRouting;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bike travel times on a real map for a city-mode instance, from the engine's {@link BikeRouting} (GraphHopper).
 * Instance points are road points of the extract, each with plane coordinates (metres east and north of a centre,
 * {@link #project}) for the reports and with its exact {@link GeoPoint} for routing.
 * <p>
 * Every leg a replay can ride ends at a restaurant (to a pickup) or starts at one or at a customer (a drop-off):
 * the legs to each restaurant from every point are computed up front with one {@link BikeRouting#toPickup} reverse
 * tree per restaurant (the call dispatch-service makes for a decision); other legs are routed with
 * {@link BikeRouting#route} when first needed and kept. Minutes are whole, rounded up, as in FORMAT.md. The engine's
 * pickup-time queries ({@link #engine()}) are answered from the same table, so the engine, the replay and the
 * solution checker see one set of travel times.
 */
public final class CityTravel implements TravelModel, TravelTimes {
    static final double METERS_PER_DEGREE = 111_195.0;
    private static final Duration TREE_LIMIT = Duration.ofHours(2);

    private record Key(double x, double y) {
    }

    private final BikeRouting routing;
    private final GeoPoint center;
    private final Map<Key, Integer> index = new HashMap<>();
    private final Map<GeoPoint, Integer> byGeo = new HashMap<>();
    private final GeoPoint[] geo;
    private final double[][] plane;
    /** [restaurant slot][point]: minutes and metres to that restaurant; NaN if unreachable. */
    private final double[][] toRestaurantMinutes;
    private final double[][] toRestaurantMeters;
    private final Map<GeoPoint, Integer> restaurantSlot = new HashMap<>();
    private final Map<Long, Double> routed = new ConcurrentHashMap<>();

    /**
     * @param points      every point of the instance (couriers' starts, restaurants, customers), road points
     * @param restaurants the points among them that are restaurants
     */
    public CityTravel(BikeRouting routing, GeoPoint center, List<GeoPoint> points, List<GeoPoint> restaurants) {
        this.routing = routing;
        this.center = center;
        geo = points.stream().distinct().toArray(GeoPoint[]::new);
        plane = new double[geo.length][];
        Map<UUID, GeoPoint> asRiders = new HashMap<>();
        Map<UUID, Integer> riderPoint = new HashMap<>();
        for (int i = 0; i < geo.length; i++) {
            plane[i] = project(center, geo[i]);
            index.put(new Key(plane[i][0], plane[i][1]), i);
            byGeo.put(geo[i], i);
            UUID id = new UUID(0, i);
            asRiders.put(id, geo[i]);
            riderPoint.put(id, i);
        }
        List<GeoPoint> slots = restaurants.stream().distinct().toList();
        toRestaurantMinutes = new double[slots.size()][geo.length];
        toRestaurantMeters = new double[slots.size()][geo.length];
        for (int r = 0; r < slots.size(); r++) {
            restaurantSlot.put(slots.get(r), r);
            java.util.Arrays.fill(toRestaurantMinutes[r], Double.NaN);
            Map<UUID, Leg> legs = routing.toPickup(slots.get(r), Vehicle.BIKE, asRiders, TREE_LIMIT);
            for (Map.Entry<UUID, Leg> e : legs.entrySet()) {
                int p = riderPoint.get(e.getKey());
                toRestaurantMinutes[r][p] = wholeMinutes(e.getValue().seconds());
                toRestaurantMeters[r][p] = e.getValue().meters();
            }
            toRestaurantMinutes[r][byGeo.get(slots.get(r))] = 0;
            toRestaurantMeters[r][byGeo.get(slots.get(r))] = 0;
        }
    }

    /** Metres east and north of the centre (equirectangular: exact enough over a city, and only for the reports). */
    static double[] project(GeoPoint center, GeoPoint p) {
        double cos = Math.cos(Math.toRadians(center.lat()));
        return new double[] {(p.lon() - center.lon()) * METERS_PER_DEGREE * cos,
            (p.lat() - center.lat()) * METERS_PER_DEGREE};
    }

    static double wholeMinutes(long seconds) {
        return Math.ceil(seconds / 60.0);
    }

    public GeoPoint center() {
        return center;
    }

    /** Whether every point reaches every restaurant (the generator drops points for which this fails). */
    boolean reachesAllRestaurants(GeoPoint point) {
        int p = byGeo.get(point);
        for (double[] row : toRestaurantMinutes) {
            if (Double.isNaN(row[p])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double minutes(double x1, double y1, double x2, double y2) {
        int a = point(x1, y1);
        int b = point(x2, y2);
        if (a == b) {
            return 0;
        }
        Integer slot = restaurantSlot.get(geo[b]);
        if (slot != null && !Double.isNaN(toRestaurantMinutes[slot][a])) {
            return toRestaurantMinutes[slot][a];
        }
        return routed.computeIfAbsent((long) a * geo.length + b,
                k -> wholeMinutes(routing.route(geo[a], geo[b], Vehicle.BIKE).durationSeconds()));
    }

    @Override
    public GeoPoint geo(double x, double y) {
        return geo[point(x, y)];
    }

    /** The plane coordinates of a point of the instance. */
    double[] xy(GeoPoint p) {
        Integer i = byGeo.get(p);
        if (i == null) {
            throw new IllegalArgumentException("not a point of this city instance: " + p);
        }
        return plane[i];
    }

    private int point(double x, double y) {
        Integer i = index.get(new Key(x, y));
        if (i == null) {
            throw new IllegalArgumentException("not a point of this city instance: (" + x + ", " + y + ")");
        }
        return i;
    }

    @Override
    public TravelTimes engine() {
        return this;
    }

    /** The engine's question, answered from the table of legs to each restaurant (a pickup is a restaurant). */
    @Override
    public Map<UUID, Leg> toPickup(GeoPoint pickup, Vehicle vehicle, Map<UUID, GeoPoint> riders, Duration limit) {
        Integer slot = restaurantSlot.get(pickup);
        if (slot == null) {
            return routing.toPickup(pickup, vehicle, riders, limit);
        }
        long limitSeconds = limit.toSeconds();
        Map<UUID, Leg> legs = new HashMap<>(riders.size() * 2);
        riders.forEach((rider, at) -> {
            Integer p = byGeo.get(at);
            double minutes = p == null ? Double.NaN : toRestaurantMinutes[slot][p];
            if (!Double.isNaN(minutes) && minutes * 60 <= limitSeconds) {
                legs.put(rider, new Leg(toRestaurantMeters[slot][p], Math.round(minutes * 60)));
            }
        });
        return legs;
    }
}
