package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.routing.BikeRouting;
import coop.dispatch.engine.routing.OffTheMapException;
import coop.dispatch.engine.routing.RouteResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic, seeded day of meal delivery on a real OpenStreetMap extract, as an {@link MdrpInstance} whose travel
 * times are bike routes ({@link CityTravel}): same replay, policies, checker and reports as the Grubhub instances.
 * <p>
 * The day runs 12 hours (minute 0 = 10:00). Restaurants, customers and couriers' start points are road points of the
 * extract: a random point near the centre, snapped by routing it to the centre and back (the first point of the route
 * is the snapped road point; a point that cannot reach the centre or be reached from it is drawn again, so every
 * point lies in one connected network). Orders arrive at a base rate plus a lunch peak (12:30) and a dinner peak
 * (19:00); each goes to a restaurant chosen with Zipf-like popularity, for a customer within {@code deliveryRadius}
 * of it, and is ready 10–25 minutes after placement. Couriers work 3- or 4-hour shifts starting on the hour, added
 * hour by hour until the couriers on shift can carry the expected orders of that hour (about two orders per courier
 * hour). Everything is drawn from one {@link Random} with the given seed, in a fixed order: same map, same seed, same
 * instance. Pay and service parameters are those of the shipped MDRP instances.
 */
public final class CityInstance {
    public static final int DAY_MINUTES = 720;
    static final MdrpInstance.Parameters PARAMETERS = new MdrpInstance.Parameters(250, 4, 4, 40, 90, 10, 15);

    /** @param orders orders in the day; restaurants, couriers per order-hour capacity; radii in metres */
    public record Settings(int orders, int restaurants, double restaurantRadius, double deliveryRadius,
                           double ordersPerCourierHour) {
        public static Settings defaults() {
            return new Settings(800, 40, 2_500, 2_500, 2.0);
        }
    }

    private CityInstance() {
    }

    /** A busy central spot of the shared extracts (the dense part of the Heidelberg extract by default). */
    public static GeoPoint knownCenter(Path osm) {
        String name = osm.getFileName().toString();
        if (name.startsWith("porto")) {
            return new GeoPoint(41.1496, -8.6110);
        }
        if (name.startsWith("prague")) {
            return new GeoPoint(50.1300, 14.4900);  // the middle of the extract (lat 50.11–50.15, lon 14.45–14.53)
        }
        return new GeoPoint(49.4093, 8.6929);
    }

    public static MdrpInstance generate(String name, BikeRouting routing, GeoPoint center, Settings s, long seed) {
        Random random = new Random(seed);
        List<GeoPoint> restaurantPoints = new ArrayList<>();
        while (restaurantPoints.size() < s.restaurants()) {
            GeoPoint p = roadPoint(routing, center, center, s.restaurantRadius(), random);
            if (!restaurantPoints.contains(p)) {
                restaurantPoints.add(p);
            }
        }
        double[] popularity = new double[s.restaurants()];
        for (int i = 0; i < popularity.length; i++) {
            popularity[i] = 1 / Math.pow(i + 1, 0.8);
        }

        // placement minutes: rejection sampling from base + lunch + dinner peaks
        int[] placement = new int[s.orders()];
        for (int i = 0; i < placement.length; i++) {
            int t;
            do {
                t = random.nextInt(DAY_MINUTES - 30);
            } while (random.nextDouble() * 1.25 > intensity(t));
            placement[i] = t;
        }
        java.util.Arrays.sort(placement);
        int[] restaurantOf = new int[s.orders()];
        int[] prep = new int[s.orders()];
        List<GeoPoint> customerPoints = new ArrayList<>();
        for (int i = 0; i < placement.length; i++) {
            restaurantOf[i] = pick(popularity, random);
            prep[i] = 10 + random.nextInt(16);
            customerPoints.add(roadPoint(routing, center, restaurantPoints.get(restaurantOf[i]), s.deliveryRadius(),
                    random));
        }

        // shifts: hour by hour, enough couriers on shift for the hour's expected orders
        double[] perHour = new double[DAY_MINUTES / 60];
        for (int t : placement) {
            perHour[t / 60]++;
        }
        List<int[]> shifts = new ArrayList<>();
        for (int h = 0; h < perHour.length; h++) {
            int need = (int) Math.ceil(perHour[h] / s.ordersPerCourierHour());
            int have = 0;
            for (int[] shift : shifts) {
                if (shift[0] <= h * 60 && h * 60 < shift[1]) {
                    have++;
                }
            }
            for (; have < Math.max(need, 2); have++) {
                int length = (3 + random.nextInt(2)) * 60;
                shifts.add(new int[] {h * 60, Math.min(DAY_MINUTES, h * 60 + length)});
            }
        }
        List<GeoPoint> startPoints = new ArrayList<>();
        for (int i = 0; i < shifts.size(); i++) {
            startPoints.add(roadPoint(routing, center, center, s.restaurantRadius(), random));
        }

        List<GeoPoint> all = new ArrayList<>(restaurantPoints);
        all.addAll(customerPoints);
        all.addAll(startPoints);
        CityTravel travel = new CityTravel(routing, center, all, restaurantPoints);
        for (GeoPoint p : all) {
            if (!travel.reachesAllRestaurants(p)) {
                throw new IllegalStateException("a sampled road point does not reach every restaurant: " + p
                        + "; try another seed or centre");
            }
        }

        List<MdrpInstance.Restaurant> restaurants = new ArrayList<>();
        for (int i = 0; i < restaurantPoints.size(); i++) {
            double[] xy = travel.xy(restaurantPoints.get(i));
            restaurants.add(new MdrpInstance.Restaurant(i, "r" + (i + 1), xy[0], xy[1]));
        }
        List<MdrpInstance.Order> orders = new ArrayList<>();
        for (int i = 0; i < placement.length; i++) {
            double[] xy = travel.xy(customerPoints.get(i));
            orders.add(new MdrpInstance.Order(i, "o" + (i + 1), xy[0], xy[1], placement[i],
                    restaurants.get(restaurantOf[i]), placement[i] + prep[i]));
        }
        List<MdrpInstance.Courier> couriers = new ArrayList<>();
        for (int i = 0; i < shifts.size(); i++) {
            double[] xy = travel.xy(startPoints.get(i));
            couriers.add(new MdrpInstance.Courier(i, "c" + (i + 1), xy[0], xy[1], shifts.get(i)[0],
                    shifts.get(i)[1]));
        }
        for (MdrpInstance.Order o : orders) {  // route every drop-off leg now, not in the first policy's replay
            travel.minutes(o.restaurant().x(), o.restaurant().y(), o.x(), o.y());
        }
        return MdrpInstance.of(name, PARAMETERS, couriers, orders, restaurants).withTravel(travel);
    }

    /** Orders per minute, relative: a base rate, a lunch peak at 12:30 and a larger dinner peak at 19:00. */
    static double intensity(int minute) {
        double lunch = Math.exp(-Math.pow(minute - 150, 2) / (2 * 45.0 * 45.0));
        double dinner = 1.2 * Math.exp(-Math.pow(minute - 540, 2) / (2 * 60.0 * 60.0));
        return 0.15 + lunch + dinner;
    }

    private static int pick(double[] weights, Random random) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A road point within {@code radius} of {@code around}, connected both ways with {@code center}. */
    static GeoPoint roadPoint(BikeRouting routing, GeoPoint center, GeoPoint around, double radius, Random random) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            double r = radius * Math.sqrt(random.nextDouble());
            double a = random.nextDouble() * 2 * Math.PI;
            GeoPoint p = new GeoPoint(around.lat() + r * Math.cos(a) / CityTravel.METERS_PER_DEGREE,
                    around.lon() + r * Math.sin(a)
                            / (CityTravel.METERS_PER_DEGREE * Math.cos(Math.toRadians(around.lat()))));
            if (!routing.onMap(p, Vehicle.BIKE)) {
                continue;
            }
            try {
                RouteResult out = routing.route(p, center, Vehicle.BIKE);
                GeoPoint road = out.points().get(0);
                routing.route(center, road, Vehicle.BIKE);
                return road;
            } catch (OffTheMapException e) {
                // not connected with the centre: draw again
            }
        }
        throw new IllegalStateException("no road point found near " + around + " in 1000 draws");
    }

    /** Writes the instance in FORMAT.md's files (plane metres from the centre) plus points.txt with the map points. */
    static void write(MdrpInstance instance, Path dir) {
        CityTravel travel = (CityTravel) instance.travel();
        StringBuilder couriers = new StringBuilder("courier\tx\ty\ton_time\toff_time\n");
        StringBuilder points = new StringBuilder("id\tlat\tlon\n");
        for (MdrpInstance.Courier c : instance.couriers()) {
            couriers.append(String.format(Locale.ROOT, "%s\t%.3f\t%.3f\t%.0f\t%.0f%n", c.id(), c.x(), c.y(),
                    c.onTime(), c.offTime()));
            points.append(point(c.id(), travel.geo(c.x(), c.y())));
        }
        StringBuilder restaurants = new StringBuilder("restaurant\tx\ty\n");
        for (MdrpInstance.Restaurant r : instance.restaurants()) {
            restaurants.append(String.format(Locale.ROOT, "%s\t%.3f\t%.3f%n", r.id(), r.x(), r.y()));
            points.append(point(r.id(), travel.geo(r.x(), r.y())));
        }
        StringBuilder orders = new StringBuilder("order\tx\ty\tplacement_time\trestaurant\tready_time\n");
        for (MdrpInstance.Order o : instance.orders()) {
            orders.append(String.format(Locale.ROOT, "%s\t%.3f\t%.3f\t%.0f\t%s\t%.0f%n", o.id(), o.x(), o.y(),
                    o.placementTime(), o.restaurant().id(), o.readyTime()));
            points.append(point(o.id(), travel.geo(o.x(), o.y())));
        }
        MdrpInstance.Parameters p = instance.parameters();
        String parameters = "meters_per_minute\tpickup service minutes\tdropoff service minutes\ttarget click-to-door"
                + "\tmaximum click-to-door\tpay per order\tguaranteed pay per hour\n"
                + String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%s\t%s%n", Json.number(p.metersPerMinute()),
                Json.number(p.pickupServiceMinutes()), Json.number(p.dropoffServiceMinutes()),
                Json.number(p.targetClickToDoor()), Json.number(p.maxClickToDoor()), Json.number(p.payPerOrder()),
                Json.number(p.guaranteedPayPerHour()));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("couriers.txt"), couriers);
            Files.writeString(dir.resolve("restaurants.txt"), restaurants);
            Files.writeString(dir.resolve("orders.txt"), orders);
            Files.writeString(dir.resolve("instance_parameters.txt"), parameters);
            Files.writeString(dir.resolve("points.txt"), points);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String point(String id, GeoPoint p) {
        return String.format(Locale.ROOT, "%s\t%.7f\t%.7f%n", id, p.lat(), p.lon());
    }
}
