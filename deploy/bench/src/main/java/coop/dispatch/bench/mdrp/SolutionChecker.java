package coop.dispatch.bench.mdrp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies every feasibility rule of FORMAT.md to a solution, independently of the replay that wrote it: it reads only
 * the instance and the three files. A solution is feasible when the list of violations is empty.
 */
public final class SolutionChecker {
    private static final double EPS = 1e-9;
    private static final int MAX_REPORTED_PER_RULE = 20;

    public enum Rule {
        FORMAT("the three files can be read: header line, column counts, numbers"),
        UNKNOWN_ID("every courier, order and place id names one of the instance"),
        ORDER_IN_ONE_ASSIGNMENT("an order appears in at most one assignment"),
        ASSIGNED_BEFORE_PLACEMENT("assignment_time is not earlier than the placement time of any order in the bundle"),
        PICKUP_BEFORE_READY("pickup_time is not earlier than the ready time of any order in the bundle"),
        PICKUP_AFTER_OFF_TIME("pickup_time is not later than the courier's off_time"),
        BUNDLE_MIXES_RESTAURANTS("a bundle's orders come from the same restaurant"),
        DROPOFF_SEQUENCE("a bundle lists its orders in drop-off order, consecutive drop-offs at least "
                + "dropoff service minutes apart"),
        ORDER_TABLE("one row per order of the instance, with its placement, restaurant and ready time; NaN in "
                + "pickup_time, dropoff_time and courier exactly when the order was not delivered"),
        ORDER_TABLE_MATCHES_ASSIGNMENTS("a delivered order is in an assignment of the same courier with the same "
                + "pickup_time, and every assigned order is delivered"),
        DROPOFF_BEFORE_PICKUP("an order is not dropped off before it is picked up"),
        MOVES_GROUPED("moves are grouped by courier"),
        MOVE_CONTINUITY("each move starts where the previous one ended, the first at the start position (0)"),
        MOVE_TIMING("no move departs before the previous one has arrived (arrival = departure + travel time), nor "
                + "before the courier's on_time"),
        AT_RESTAURANT_AT_PICKUP("at pickup_time the courier has arrived at the restaurant (strictly earlier) and has "
                + "not left yet"),
        AT_CUSTOMER_AT_DROPOFF("at dropoff_time the courier has arrived at the order's location (strictly earlier) "
                + "and has not left yet");

        public final String text;

        Rule(String text) {
            this.text = text;
        }
    }

    public record Violation(Rule rule, String detail) {
        @Override
        public String toString() {
            return rule + ": " + detail;
        }
    }

    public record Result(List<Violation> violations, Map<Rule, Integer> counts) {
        public boolean feasible() {
            return counts.isEmpty();
        }

        public String summary() {
            if (feasible()) {
                return "FEASIBLE";
            }
            StringBuilder s = new StringBuilder("INFEASIBLE");
            counts.forEach((rule, n) -> s.append("\n  ").append(rule).append(" (").append(n).append("): ")
                    .append(rule.text));
            violations.forEach(v -> s.append("\n    ").append(v));
            return s.toString();
        }
    }

    private final MdrpInstance instance;
    private final List<Violation> violations = new ArrayList<>();
    private final Map<Rule, Integer> counts = new LinkedHashMap<>();

    private SolutionChecker(MdrpInstance instance) {
        this.instance = instance;
    }

    /** Reads the three files from {@code dir} and checks them; unreadable files are a FORMAT violation. */
    public static Result check(MdrpInstance instance, Path dir) {
        Solution solution;
        try {
            solution = SolutionFiles.read(dir);
        } catch (SolutionFiles.FormatException e) {
            SolutionChecker c = new SolutionChecker(instance);
            c.fail(Rule.FORMAT, e.getMessage());
            return c.result();
        }
        return check(instance, solution);
    }

    public static Result check(MdrpInstance instance, Solution solution) {
        SolutionChecker c = new SolutionChecker(instance);
        c.run(solution);
        return c.result();
    }

    private Result result() {
        return new Result(List.copyOf(violations), Map.copyOf(counts));
    }

    private void fail(Rule rule, String detail) {
        int n = counts.merge(rule, 1, Integer::sum);
        if (n <= MAX_REPORTED_PER_RULE) {
            violations.add(new Violation(rule, detail));
        }
    }

    /** Where a courier is over the day: arrival at and departure from each place it reaches. */
    private record Visit(String place, double arrival, double departure) {
    }

    private void run(Solution s) {
        MdrpInstance.Parameters p = instance.parameters();

        // orders table
        Map<String, Solution.OrderRow> rows = new HashMap<>();
        for (Solution.OrderRow row : s.orders()) {
            MdrpInstance.Order o = instance.orderById().get(row.order());
            if (o == null) {
                fail(Rule.UNKNOWN_ID, "orders table names unknown order " + row.order());
                continue;
            }
            if (rows.put(row.order(), row) != null) {
                fail(Rule.ORDER_TABLE, "order " + row.order() + " has more than one row");
            }
            if (row.placementTime() != o.placementTime() || row.readyTime() != o.readyTime()
                    || !row.restaurant().equals(o.restaurant().id())) {
                fail(Rule.ORDER_TABLE, "order " + row.order() + ": placement, restaurant or ready time differ from "
                        + "the instance");
            }
            boolean anyNaN = Double.isNaN(row.pickupTime()) || Double.isNaN(row.dropoffTime()) || row.courier() == null;
            boolean allNaN = Double.isNaN(row.pickupTime()) && Double.isNaN(row.dropoffTime()) && row.courier() == null;
            if (anyNaN && !allNaN) {
                fail(Rule.ORDER_TABLE, "order " + row.order() + ": NaN in some but not all of pickup_time, "
                        + "dropoff_time, courier");
            }
            if (row.courier() != null && !instance.courierById().containsKey(row.courier())) {
                fail(Rule.UNKNOWN_ID, "order " + row.order() + " names unknown courier " + row.courier());
            }
            if (!anyNaN && row.dropoffTime() < row.pickupTime() - EPS) {
                fail(Rule.DROPOFF_BEFORE_PICKUP, "order " + row.order() + " dropped off at " + row.dropoffTime()
                        + ", picked up at " + row.pickupTime());
            }
        }
        for (MdrpInstance.Order o : instance.orders()) {
            if (!rows.containsKey(o.id())) {
                fail(Rule.ORDER_TABLE, "order " + o.id() + " has no row");
            }
        }

        // courier timelines
        Map<String, List<Visit>> timelines = timelines(s.moves());

        // assignments
        Map<String, Solution.Assignment> assignmentOf = new HashMap<>();
        for (Solution.Assignment a : s.assignments()) {
            MdrpInstance.Courier courier = instance.courierById().get(a.courier());
            if (courier == null) {
                fail(Rule.UNKNOWN_ID, "assignment names unknown courier " + a.courier());
                continue;
            }
            String label = "assignment " + a.orders() + " of " + a.courier();
            if (a.pickupTime() > courier.offTime() + EPS) {
                fail(Rule.PICKUP_AFTER_OFF_TIME, label + " picked up at " + a.pickupTime() + ", off_time "
                        + courier.offTime());
            }
            MdrpInstance.Restaurant restaurant = null;
            double previousDropoff = Double.NaN;
            for (String id : a.orders()) {
                MdrpInstance.Order o = instance.orderById().get(id);
                if (o == null) {
                    fail(Rule.UNKNOWN_ID, label + " names unknown order " + id);
                    continue;
                }
                if (assignmentOf.put(id, a) != null) {
                    fail(Rule.ORDER_IN_ONE_ASSIGNMENT, "order " + id + " is in more than one assignment");
                }
                if (a.assignmentTime() < o.placementTime() - EPS) {
                    fail(Rule.ASSIGNED_BEFORE_PLACEMENT, label + " assigned at " + a.assignmentTime() + ", order "
                            + id + " placed at " + o.placementTime());
                }
                if (a.pickupTime() < o.readyTime() - EPS) {
                    fail(Rule.PICKUP_BEFORE_READY, label + " picked up at " + a.pickupTime() + ", order " + id
                            + " ready at " + o.readyTime());
                }
                if (restaurant == null) {
                    restaurant = o.restaurant();
                } else if (restaurant != o.restaurant()) {
                    fail(Rule.BUNDLE_MIXES_RESTAURANTS, label + ": " + id + " is from " + o.restaurant().id()
                            + ", not " + restaurant.id());
                }
                Solution.OrderRow row = rows.get(id);
                if (row == null || !row.delivered()) {
                    fail(Rule.ORDER_TABLE_MATCHES_ASSIGNMENTS, label + ": order " + id + " is not delivered in "
                            + "the orders table");
                    continue;
                }
                if (!row.courier().equals(a.courier()) || Math.abs(row.pickupTime() - a.pickupTime()) > EPS) {
                    fail(Rule.ORDER_TABLE_MATCHES_ASSIGNMENTS, "order " + id + ": orders table says courier "
                            + row.courier() + " pickup " + row.pickupTime() + ", " + label + " says pickup "
                            + a.pickupTime());
                }
                if (!Double.isNaN(previousDropoff) && row.dropoffTime() < previousDropoff
                        + p.dropoffServiceMinutes() - EPS) {
                    fail(Rule.DROPOFF_SEQUENCE, label + ": " + id + " dropped off at " + row.dropoffTime()
                            + ", the previous one at " + previousDropoff);
                }
                previousDropoff = row.dropoffTime();
                if (!at(timelines.get(a.courier()), o.id(), row.dropoffTime())) {
                    fail(Rule.AT_CUSTOMER_AT_DROPOFF, "order " + id + ": courier " + a.courier()
                            + " is not at the order's location at " + row.dropoffTime());
                }
            }
            if (restaurant != null && !at(timelines.get(a.courier()), restaurant.id(), a.pickupTime())) {
                fail(Rule.AT_RESTAURANT_AT_PICKUP, label + ": courier is not at restaurant " + restaurant.id()
                        + " at " + a.pickupTime());
            }
        }
        for (Solution.OrderRow row : s.orders()) {
            if (row.delivered() && !assignmentOf.containsKey(row.order())
                    && instance.orderById().containsKey(row.order())) {
                fail(Rule.ORDER_TABLE_MATCHES_ASSIGNMENTS, "order " + row.order() + " is delivered by "
                        + row.courier() + " but in no assignment");
            }
        }
    }

    /** True when the courier arrived at {@code place} strictly before {@code t} and had not left at {@code t}. */
    private static boolean at(List<Visit> timeline, String place, double t) {
        if (timeline == null) {
            return false;
        }
        int lo = 0;
        int hi = timeline.size() - 1;
        int last = -1;
        while (lo <= hi) {  // the last visit with arrival < t
            int mid = (lo + hi) >>> 1;
            if (timeline.get(mid).arrival() < t) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (last < 0) {
            return false;
        }
        Visit v = timeline.get(last);
        return v.place().equals(place) && v.departure() >= t - EPS;
    }

    private Map<String, List<Visit>> timelines(List<Solution.Move> moves) {
        Map<String, List<Visit>> timelines = new HashMap<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        String place = null;
        double arrival = 0;
        List<Visit> visits = null;
        for (Solution.Move m : moves) {
            MdrpInstance.Courier courier = instance.courierById().get(m.courier());
            if (courier == null) {
                fail(Rule.UNKNOWN_ID, "move of unknown courier " + m.courier());
                continue;
            }
            if (!m.courier().equals(current)) {
                if (current != null) {
                    finished.add(current);
                }
                if (finished.contains(m.courier())) {
                    fail(Rule.MOVES_GROUPED, "moves of courier " + m.courier() + " are not together");
                }
                current = m.courier();
                visits = timelines.computeIfAbsent(current, k -> new ArrayList<>());
                place = visits.isEmpty() ? "0" : visits.get(visits.size() - 1).place();
                arrival = visits.isEmpty() ? courier.onTime() : visits.get(visits.size() - 1).arrival();
            }
            String label = "courier " + m.courier() + " move at " + m.departureTime() + " " + m.origin() + " -> "
                    + m.destination();
            double[] from = m.origin().equals("0") ? new double[] {courier.x(), courier.y()} : xy(m.origin());
            double[] to = xy(m.destination());
            if (from == null || to == null || m.destination().equals("0")) {
                fail(Rule.UNKNOWN_ID, label + ": unknown place");
                continue;
            }
            if (!m.origin().equals(place)) {
                fail(Rule.MOVE_CONTINUITY, label + ": starts at " + m.origin() + " but the courier is at " + place);
            }
            if (m.departureTime() < arrival - EPS) {
                fail(Rule.MOVE_TIMING, label + ": departs before arriving at " + place + " (" + arrival + ")");
            }
            if (!visits.isEmpty()) {
                Visit prev = visits.get(visits.size() - 1);
                visits.set(visits.size() - 1, new Visit(prev.place(), prev.arrival(), m.departureTime()));
            }
            double arrive = m.departureTime() + instance.travelMinutes(from[0], from[1], to[0], to[1]);
            visits.add(new Visit(m.destination(), arrive, Double.POSITIVE_INFINITY));
            place = m.destination();
            arrival = arrive;
        }
        return timelines;
    }

    private double[] xy(String place) {
        MdrpInstance.Restaurant r = instance.restaurantById().get(place);
        if (r != null) {
            return new double[] {r.x(), r.y()};
        }
        MdrpInstance.Order o = instance.orderById().get(place);
        if (o != null) {
            return new double[] {o.x(), o.y()};
        }
        return null;
    }
}
