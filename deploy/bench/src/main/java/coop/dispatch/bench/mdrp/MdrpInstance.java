package coop.dispatch.bench.mdrp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Meal Delivery Routing Problem instance (Grubhub / Georgia Tech, see ../shared/mdrp/FORMAT.md): couriers with
 * shifts, orders with placement and ready times, restaurants, and the instance parameters. Times are minutes from the
 * start of the day, coordinates metres on a plane. Lists keep file order; ids are the files' own.
 *
 * @param travel the instance's own travel model, or null for FORMAT.md's ({@code ceil(euclidean / m per min)})
 */
public record MdrpInstance(String name, Parameters parameters, List<Courier> couriers, List<Order> orders,
                           List<Restaurant> restaurants, Map<String, Courier> courierById,
                           Map<String, Order> orderById, Map<String, Restaurant> restaurantById,
                           TravelModel travel) {

    public record Parameters(double metersPerMinute, double pickupServiceMinutes, double dropoffServiceMinutes,
                             double targetClickToDoor, double maxClickToDoor, double payPerOrder,
                             double guaranteedPayPerHour) {
    }

    /** @param index position in the file, used as an array index by the replay */
    public record Courier(int index, String id, double x, double y, double onTime, double offTime) {
        public double shiftMinutes() {
            return offTime - onTime;
        }
    }

    public record Order(int index, String id, double x, double y, double placementTime, Restaurant restaurant,
                        double readyTime) {
    }

    public record Restaurant(int index, String id, double x, double y) {
    }

    public MdrpInstance {
        couriers = List.copyOf(couriers);
        orders = List.copyOf(orders);
        restaurants = List.copyOf(restaurants);
        courierById = Map.copyOf(courierById);
        orderById = Map.copyOf(orderById);
        restaurantById = Map.copyOf(restaurantById);
    }

    public static MdrpInstance of(String name, Parameters parameters, List<Courier> couriers, List<Order> orders,
                                  List<Restaurant> restaurants) {
        Map<String, Courier> c = new HashMap<>();
        couriers.forEach(x -> c.put(x.id(), x));
        Map<String, Order> o = new HashMap<>();
        orders.forEach(x -> o.put(x.id(), x));
        Map<String, Restaurant> r = new HashMap<>();
        restaurants.forEach(x -> r.put(x.id(), x));
        return new MdrpInstance(name, parameters, couriers, orders, restaurants, c, o, r, null);
    }

    /** The same instance with its own travel model (the city mode's bike routes) instead of FORMAT.md's plane. */
    public MdrpInstance withTravel(TravelModel model) {
        return new MdrpInstance(name, parameters, couriers, orders, restaurants, courierById, orderById,
                restaurantById, model);
    }

    /** The travel model a replay of this instance uses: its own, or a fresh one on FORMAT.md's plane. */
    public TravelModel newTravelModel() {
        return travel != null ? travel : new PlanarTravelTimes(parameters.metersPerMinute());
    }

    /**
     * Travel time in whole minutes, as FORMAT.md defines it: {@code ceil(euclidean / meters_per_minute)}; with a
     * travel model of its own (the city mode), that model's minutes.
     */
    public double travelMinutes(double x1, double y1, double x2, double y2) {
        if (travel != null) {
            return travel.minutes(x1, y1, x2, y2);
        }
        return Math.ceil(distance(x1, y1, x2, y2) / parameters.metersPerMinute());
    }

    public static double distance(double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        // sqrt of an exact sum is correctly rounded, so an integer distance stays exact and ceil() cannot flip
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** The minute after the last event of the day: the last placement, ready or off time. */
    public int horizonMinutes() {
        double end = 0;
        for (Courier c : couriers) {
            end = Math.max(end, c.offTime());
        }
        for (Order o : orders) {
            end = Math.max(end, Math.max(o.placementTime(), o.readyTime()));
        }
        return (int) Math.ceil(end) + 1;
    }

    /** Reads an instance folder: couriers.txt, orders.txt, restaurants.txt, instance_parameters.txt. */
    public static MdrpInstance read(Path dir) {
        List<String[]> params = table(dir.resolve("instance_parameters.txt"), 7);
        if (params.size() != 1) {
            throw new IllegalArgumentException(dir + "/instance_parameters.txt: expected one row of values");
        }
        double[] p = Arrays.stream(params.get(0)).mapToDouble(Double::parseDouble).toArray();
        Parameters parameters = new Parameters(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);

        List<Restaurant> restaurants = new ArrayList<>();
        Map<String, Restaurant> byId = new HashMap<>();
        for (String[] row : table(dir.resolve("restaurants.txt"), 3)) {
            Restaurant r = new Restaurant(restaurants.size(), row[0], num(row[1]), num(row[2]));
            restaurants.add(r);
            byId.put(r.id(), r);
        }
        List<Courier> couriers = new ArrayList<>();
        for (String[] row : table(dir.resolve("couriers.txt"), 5)) {
            couriers.add(new Courier(couriers.size(), row[0], num(row[1]), num(row[2]), num(row[3]), num(row[4])));
        }
        List<Order> orders = new ArrayList<>();
        for (String[] row : table(dir.resolve("orders.txt"), 6)) {
            Restaurant r = byId.get(row[4]);
            if (r == null) {
                throw new IllegalArgumentException(dir + "/orders.txt: order " + row[0] + " names unknown restaurant "
                        + row[4]);
            }
            orders.add(new Order(orders.size(), row[0], num(row[1]), num(row[2]), num(row[3]), r, num(row[5])));
        }
        return of(dir.getFileName().toString(), parameters, couriers, orders, restaurants);
    }

    private static double num(String s) {
        return Double.parseDouble(s);
    }

    /** Rows after the header, split on tabs or spaces (the files are tab-separated; column names contain spaces). */
    private static List<String[]> table(Path file, int columns) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String[]> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split("\\s+");
                if (cells.length != columns) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + columns
                            + " columns, found " + cells.length);
                }
                rows.add(cells);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
