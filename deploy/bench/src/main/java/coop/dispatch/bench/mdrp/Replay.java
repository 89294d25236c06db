package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.DeclineRule;
import coop.dispatch.engine.Decision;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.FairRotation;
import coop.dispatch.engine.JobRequest;
import coop.dispatch.engine.RiderSnapshot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Replays one MDRP instance through a dispatch policy in simulated time (minutes), as a discrete-event simulation:
 * couriers come on and go off shift at their shift times, orders are revealed at their placement time, each waiting
 * order is offered in a dispatch round whenever something changed (an order arrived, a courier came on shift or became
 * free, an order has waited long enough for coordinators to step in). Offers are answered at once: accepted, or, with
 * a decline rate, declined by a seeded coin and offered to the next courier in the policy's order.
 * <p>
 * A trip: the courier leaves for the restaurant when assigned, picks up at max(ready times, arrival + half the pickup
 * service), leaves half a service later, drops the orders off in the order that minimises the sum of drop-off times
 * (arrival + half the drop-off service each), and is free half a service after the last drop-off, where it stands.
 * With bundling, more orders of the same restaurant may join a trip until its pickup. A policy may hold an order back
 * (offer it later, {@link #wakeAt}) and may send a courier who became free to wait at a restaurant
 * ({@link DispatchPolicy#waitAt}); the replay writes every move to the solution.
 */
public final class Replay {
    /** Minutes kept past the day's last event in the per-minute arrays: a margin, pickups end by the off times. */
    static final int MINUTE_SLACK = 600;

    /**
     * @param allCouriersOnShift hand the engine every courier on shift, as dispatch-service hands it every online
     *                           rider. Off by default: a courier on a delivery (or collecting, without bundling) is
     *                           excluded by the engine as ON_A_JOB anyway, so the candidates and every replay outcome
     *                           are the same (a test checks it), but the engine's sort of its exclusion list by rider
     *                           id then dominates the replay's time
     */
    public record Options(double declineRate, long seed, boolean allCouriersOnShift) {
        public Options(double declineRate, long seed) {
            this(declineRate, seed, false);
        }

        public static Options defaults() {
            return new Options(0, 1);
        }
    }

    public record Counters(int dispatchRounds, int decisions, int offers, int declines, int byCoordinator,
                           int bundledOrders, int relocations) {
    }

    /** @param cpuNanos CPU time of the replaying thread: on a shared machine, wall time also counts other work */
    public record Result(MdrpInstance instance, String policy, Solution solution, Counters counters, long wallNanos,
                         long cpuNanos) {
    }

    /** A courier as the replay tracks it. Policies read it; only the replay changes it. */
    public static final class CourierState {
        final MdrpInstance.Courier courier;
        final UUID riderId;
        String place = "0";
        double x;
        double y;
        GeoPoint geo;
        boolean onShift;
        Trip trip;
        double waitingSince;
        int orders;
        long earnedCents;
        double freeAt;
        /** Until when a free courier is still on its way to where the policy sent it to wait. */
        double availableFrom;
        final List<Solution.Move> moves = new ArrayList<>();

        CourierState(MdrpInstance.Courier courier) {
            this.courier = courier;
            this.riderId = UUID.nameUUIDFromBytes(("mdrp-courier:" + courier.id()).getBytes(StandardCharsets.UTF_8));
            this.x = courier.x();
            this.y = courier.y();
        }

        public MdrpInstance.Courier courier() {
            return courier;
        }

        public boolean free() {
            return trip == null;
        }

        /** Orders assigned this shift (delivered or on the way). */
        public int orders() {
            return orders;
        }

        public double x() {
            return x;
        }

        public double y() {
            return y;
        }

        /** When a courier delivering its last collected trip will be free (where {@link #x()}, {@link #y()} say), or
         *  NaN while it is free or still collecting. */
        public double freeAt() {
            return trip != null && trip.pickedUp ? freeAt : Double.NaN;
        }

        /** The trip's pickup (its restaurant not left yet), or NaN. */
        public double openTripPickup() {
            return trip != null && !trip.pickedUp ? trip.pickup : Double.NaN;
        }
    }

    /** The orders a courier collects at one restaurant visit. */
    static final class Trip {
        final MdrpInstance.Restaurant restaurant;
        final List<OrderState> orders = new ArrayList<>();
        final double arrival;
        double pickup;
        double assignedAt;
        int version;
        boolean pickedUp;

        Trip(MdrpInstance.Restaurant restaurant, double arrival) {
            this.restaurant = restaurant;
            this.arrival = arrival;
        }
    }

    public static final class OrderState {
        final MdrpInstance.Order order;
        final UUID deliveryId;
        final Set<UUID> offered = new HashSet<>();
        CourierState courier;
        double pickup = Double.NaN;
        double dropoff = Double.NaN;
        double wakeAt = Double.NaN;

        OrderState(MdrpInstance.Order order) {
            this.order = order;
            this.deliveryId = UUID.nameUUIDFromBytes(("mdrp-order:" + order.id()).getBytes(StandardCharsets.UTF_8));
        }

        public MdrpInstance.Order order() {
            return order;
        }
    }

    private enum Kind { PICKUP, FREE, OFF, ON, ORDER, COORDINATORS, WAKE }

    private record Event(double time, Kind kind, int index, int version, long seq) {
    }

    private final MdrpInstance instance;
    private final DispatchPolicy policy;
    private final MdrpInstance.Parameters p;
    private final TravelModel travel;
    private final FairRotation rotation;
    private final CourierState[] couriers;
    private final OrderState[] orders;
    private final Map<UUID, CourierState> byRiderId = new HashMap<>();
    private final GeoPoint[] restaurantGeo;
    private final GeoPoint[] orderGeo;
    private final List<CourierState> onShift = new ArrayList<>();
    private final List<OrderState> pending = new ArrayList<>();
    private final List<Solution.Assignment> assignments = new ArrayList<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparingDouble(Event::time)
            .thenComparing(Event::kind).thenComparingLong(Event::seq));
    private final Random random;
    private final double declineRate;
    private final boolean allCouriersOnShift;
    /** Committed pickups per minute (w of FORMAT.md as far as it is known), couriers on shift per minute (n). */
    final int[] pickupsPerMinute;
    final int[] onShiftPerMinute;
    final int[] placedPerMinute;
    private long seq;
    private double now;
    private int freeOnShift;
    private int openTrips;
    private final int[] openTripsAt;
    private int rounds;
    private int decisions;
    private int offers;
    private int declines;
    private int byCoordinator;
    private int bundled;
    private int relocations;

    private Replay(MdrpInstance instance, DispatchPolicy policy, Options options) {
        this.instance = instance;
        this.policy = policy;
        this.p = instance.parameters();
        this.travel = instance.newTravelModel();
        this.rotation = new FairRotation(travel.engine());
        this.random = new Random(options.seed());
        this.declineRate = options.declineRate();
        this.allCouriersOnShift = options.allCouriersOnShift();
        couriers = new CourierState[instance.couriers().size()];
        for (MdrpInstance.Courier c : instance.couriers()) {
            CourierState s = new CourierState(c);
            s.geo = travel.geo(c.x(), c.y());
            couriers[c.index()] = s;
            byRiderId.put(s.riderId, s);
        }
        orders = new OrderState[instance.orders().size()];
        orderGeo = new GeoPoint[orders.length];
        for (MdrpInstance.Order o : instance.orders()) {
            orders[o.index()] = new OrderState(o);
            orderGeo[o.index()] = travel.geo(o.x(), o.y());
        }
        openTripsAt = new int[instance.restaurants().size()];
        restaurantGeo = new GeoPoint[instance.restaurants().size()];
        for (MdrpInstance.Restaurant r : instance.restaurants()) {
            restaurantGeo[r.index()] = travel.geo(r.x(), r.y());
        }
        int horizon = instance.horizonMinutes() + MINUTE_SLACK;
        pickupsPerMinute = new int[horizon];
        onShiftPerMinute = new int[horizon];
        placedPerMinute = new int[horizon];
        for (MdrpInstance.Courier c : instance.couriers()) {
            for (int t = (int) Math.ceil(c.onTime()); t < c.offTime() && t < horizon; t++) {
                onShiftPerMinute[t]++;
            }
        }
        for (MdrpInstance.Order o : instance.orders()) {
            placedPerMinute[(int) Math.floor(o.placementTime())]++;
        }
    }

    public static Result run(MdrpInstance instance, DispatchPolicy policy, Options options) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Replay replay = new Replay(instance, policy, options);
        Solution solution = replay.simulate();
        return new Result(instance, policy.name(), solution, replay.counters(), System.nanoTime() - start,
                mx.getCurrentThreadCpuTime() - cpu);
    }

    private Counters counters() {
        return new Counters(rounds, decisions, offers, declines, byCoordinator, bundled, relocations);
    }

    // ---- what policies may read ------------------------------------------------------------------------------------

    public MdrpInstance instance() {
        return instance;
    }

    public double now() {
        return now;
    }

    public List<CourierState> onShift() {
        return onShift;
    }

    public int pendingOrders() {
        return pending.size();
    }

    /** The orders revealed and not yet assigned, oldest first. */
    public List<OrderState> pending() {
        return Collections.unmodifiableList(pending);
    }

    public int freeCouriers() {
        return freeOnShift;
    }

    public CourierState courier(UUID riderId) {
        return byRiderId.get(riderId);
    }

    public static Instant instant(double minutes) {
        return Instant.EPOCH.plusMillis(Math.round(minutes * 60_000));
    }

    /** Minutes the courier needs from where it is (or, on a trip not collected yet, from the restaurant). */
    public double minutesToRestaurant(CourierState c, OrderState o) {
        MdrpInstance.Restaurant r = o.order.restaurant();
        if (c.trip != null && !c.trip.pickedUp) {
            return 0;
        }
        return Math.max(0, c.availableFrom - now) + travel.minutes(c.x, c.y, r.x(), r.y());
    }

    /** When a courier now delivering could pick the order up if it went there once free, or NaN. */
    public double pickupAfterCurrentTrip(CourierState c, OrderState o) {
        double free = c.freeAt();
        if (Double.isNaN(free) || !c.onShift) {
            return Double.NaN;
        }
        MdrpInstance.Order order = o.order;
        double arrival = free + travel.minutes(c.x, c.y, order.restaurant().x(), order.restaurant().y());
        double pickup = Math.max(order.readyTime(), arrival + p.pickupServiceMinutes() / 2);
        return pickup <= c.courier.offTime() && free < c.courier.offTime() ? pickup : Double.NaN;
    }

    /** When the courier would pick the order up if it took it now, or NaN if it cannot take it any more. */
    public double pickupIfTaken(CourierState c, OrderState o) {
        if (!c.onShift) {
            return Double.NaN;
        }
        MdrpInstance.Order order = o.order;
        double pickup;
        if (c.trip == null) {
            double arrival = Math.max(now, c.availableFrom)
                    + travel.minutes(c.x, c.y, order.restaurant().x(), order.restaurant().y());
            pickup = Math.max(order.readyTime(), arrival + p.pickupServiceMinutes() / 2);
        } else {
            Trip trip = c.trip;
            if (trip.pickedUp || trip.restaurant != order.restaurant() || trip.orders.size() >= policy.bundleLimit()) {
                return Double.NaN;
            }
            pickup = Math.max(trip.pickup, order.readyTime());
            if (pickup - trip.pickup > policy.bundleSlackMinutes()) {
                return Double.NaN;
            }
        }
        return pickup <= c.courier.offTime() ? pickup : Double.NaN;
    }

    /** The engine's snapshot of a courier, as dispatch-service builds it from its rider state. */
    public RiderSnapshot snapshot(CourierState c) {
        boolean collecting = c.trip != null && !c.trip.pickedUp;
        GeoPoint location = collecting ? restaurantGeo[c.trip.restaurant.index()] : c.geo;
        return new RiderSnapshot(c.riderId, c.onShift, Vehicle.BIKE, location, instant(c.courier.onTime()),
                instant(c.waitingSince), c.trip == null ? 0 : c.trip.orders.size(),
                collecting ? restaurantGeo[c.trip.restaurant.index()] : null, false, c.orders, c.earnedCents);
    }

    public JobRequest job(OrderState o) {
        return new JobRequest(o.deliveryId, restaurantGeo[o.order.restaurant().index()], orderGeo[o.order.index()],
                1_000);
    }

    /** One engine decision for the order over the couriers on shift (see {@link Options#allCouriersOnShift}). */
    public Decision decide(OrderState o, DispatchRules rules) {
        List<RiderSnapshot> riders = new ArrayList<>(onShift.size());
        for (CourierState c : onShift) {
            if (allCouriersOnShift || c.trip == null || (rules.bundleLimit() > 1 && !c.trip.pickedUp)) {
                riders.add(snapshot(c));
            }
        }
        return rotation.decide(job(o), riders, o.offered, rules, instant(now));
    }

    public List<CourierState> candidates(Decision decision) {
        List<CourierState> list = new ArrayList<>(decision.candidates().size());
        for (Decision.Candidate c : decision.candidates()) {
            list.add(byRiderId.get(c.riderId()));
        }
        return list;
    }

    /** Asks for a dispatch round at {@code time}: a policy holding an order back until then. */
    public void wakeAt(OrderState o, double time) {
        if (time > now && o.wakeAt != time) {
            o.wakeAt = time;
            push(time, Kind.WAKE, o.order.index(), 0);
        }
    }

    public double waited(OrderState o) {
        return now - o.order.placementTime();
    }

    /**
     * What coordinators do with an order nobody eligible could take within the policy's wait limit: they assign it
     * by hand to the free courier who reaches the restaurant first, at any distance.
     */
    public List<CourierState> byCoordinator(OrderState o) {
        CourierState best = null;
        double bestMinutes = Double.POSITIVE_INFINITY;
        for (CourierState c : onShift) {
            if (c.trip != null || o.offered.contains(c.riderId)) {
                continue;
            }
            double m = minutesToRestaurant(c, o);
            if (m < bestMinutes && !Double.isNaN(pickupIfTaken(c, o))) {
                best = c;
                bestMinutes = m;
            }
        }
        if (best == null) {
            return List.of();
        }
        byCoordinator++;
        return List.of(best);
    }

    // ---- the simulation --------------------------------------------------------------------------------------------

    private void push(double time, Kind kind, int index, int version) {
        events.add(new Event(time, kind, index, version, seq++));
    }

    private Solution simulate() {
        for (CourierState c : couriers) {
            push(c.courier.onTime(), Kind.ON, c.courier.index(), 0);
            push(c.courier.offTime(), Kind.OFF, c.courier.index(), 0);
        }
        for (OrderState o : orders) {
            push(o.order.placementTime(), Kind.ORDER, o.order.index(), 0);
        }
        while (!events.isEmpty()) {
            now = events.peek().time();
            boolean dirty = false;
            while (!events.isEmpty() && events.peek().time() == now) {
                dirty |= handle(events.poll());
            }
            if (dirty) {
                round();
            }
        }
        return solution();
    }

    private boolean handle(Event e) {
        switch (e.kind()) {
            case ORDER -> {
                OrderState o = orders[e.index()];
                pending.add(o);
                push(now + policy.coordinatorsAfterMinutes(), Kind.COORDINATORS, e.index(), 0);
                return true;
            }
            case COORDINATORS, WAKE -> {
                return orders[e.index()].courier == null;
            }
            case ON -> {
                CourierState c = couriers[e.index()];
                if (c.courier.offTime() <= now) {
                    return false;
                }
                c.onShift = true;
                c.waitingSince = now;
                onShift.add(c);
                freeOnShift++;
                relocate(c);
                return true;
            }
            case OFF -> {
                CourierState c = couriers[e.index()];
                if (!c.onShift) {
                    return false;
                }
                c.onShift = false;
                onShift.remove(c);
                if (c.trip == null) {
                    freeOnShift--;
                } else if (!c.trip.pickedUp) {
                    openTrips--;
                    openTripsAt[c.trip.restaurant.index()]--;
                }
                return false;
            }
            case PICKUP -> {
                CourierState c = couriers[e.index()];
                if (c.trip == null || c.trip.version != e.version() || c.trip.pickedUp) {
                    return false;
                }
                pickUp(c);
                return false;
            }
            case FREE -> {
                CourierState c = couriers[e.index()];
                c.trip = null;
                c.waitingSince = now;
                if (c.onShift) {
                    freeOnShift++;
                    relocate(c);
                    return true;
                }
                return false;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** A free courier the policy sends to wait elsewhere (a restaurant nearer the demand) goes there now. */
    private void relocate(CourierState c) {
        MdrpInstance.Restaurant to = policy.waitAt(this, c);
        if (to == null || to.id().equals(c.place)) {
            return;
        }
        double arrival = now + travel.minutes(c.x, c.y, to.x(), to.y());
        if (arrival >= c.courier.offTime()) {
            return;
        }
        c.moves.add(new Solution.Move(c.courier.id(), now, c.place, to.id()));
        c.place = to.id();
        c.x = to.x();
        c.y = to.y();
        c.geo = restaurantGeo[to.index()];
        c.availableFrom = arrival;
        relocations++;
    }

    /** Minutes from the courier (where it is, or where it is going to wait) to a point. */
    public double minutesFrom(CourierState c, double x, double y) {
        return travel.minutes(c.x, c.y, x, y);
    }

    private void round() {
        if (pending.isEmpty()) {
            return;
        }
        rounds++;
        for (OrderState o : policy.offerSequence(this, List.copyOf(pending))) {
            if (freeOnShift == 0 && (policy.bundleLimit() == 1 || openTrips == 0)) {
                return;
            }
            if (freeOnShift == 0 && openTripsAt[o.order.restaurant().index()] == 0) {
                continue;  // nobody free and no trip collecting there: no policy could place it now
            }
            decisions++;
            for (CourierState c : policy.offerOrder(this, o)) {
                double pickup = pickupIfTaken(c, o);
                if (Double.isNaN(pickup)) {
                    continue;
                }
                offers++;
                if (declineRate > 0 && random.nextDouble() < declineRate) {
                    declines++;
                    o.offered.add(c.riderId);
                    if (policy.declineRule() == DeclineRule.BACK_OF_QUEUE && c.trip == null) {
                        c.waitingSince = now;
                    }
                    continue;
                }
                assign(c, o, pickup);
                break;
            }
        }
    }

    private void assign(CourierState c, OrderState o, double pickup) {
        pending.remove(o);
        o.courier = c;
        c.orders++;
        c.earnedCents += Math.round(p.payPerOrder() * 100);
        MdrpInstance.Restaurant r = o.order.restaurant();
        Trip trip = c.trip;
        if (trip == null) {
            double departure = Math.max(now, c.availableFrom);
            double arrival = departure + travel.minutes(c.x, c.y, r.x(), r.y());
            trip = new Trip(r, arrival);
            trip.pickup = pickup;
            c.trip = trip;
            if (!c.place.equals(r.id())) {  // a courier sent to wait at this very restaurant is there already
                c.moves.add(new Solution.Move(c.courier.id(), departure, c.place, r.id()));
            }
            c.place = r.id();
            c.x = r.x();
            c.y = r.y();
            c.geo = restaurantGeo[r.index()];
            freeOnShift--;
            openTrips++;
            openTripsAt[r.index()]++;
        } else {
            bundled++;
            movePickups(trip, trip.pickup, pickup);
            trip.pickup = pickup;
            trip.version++;
        }
        trip.orders.add(o);
        trip.assignedAt = now;
        pickupsPerMinute[(int) Math.floor(pickup)]++;
        push(pickup, Kind.PICKUP, c.courier.index(), trip.version);
    }

    private void movePickups(Trip trip, double from, double to) {
        int a = (int) Math.floor(from);
        int b = (int) Math.floor(to);
        if (a != b) {
            pickupsPerMinute[a] -= trip.orders.size();
            pickupsPerMinute[b] += trip.orders.size();
        }
    }

    private void pickUp(CourierState c) {
        Trip trip = c.trip;
        trip.pickedUp = true;
        if (c.onShift) {
            openTrips--;
            openTripsAt[trip.restaurant.index()]--;
        }
        List<OrderState> sequence = dropOrder(trip);
        double t = now + p.pickupServiceMinutes() / 2;
        List<String> ids = new ArrayList<>();
        for (OrderState o : sequence) {
            MdrpInstance.Order order = o.order;
            c.moves.add(new Solution.Move(c.courier.id(), t, c.place, order.id()));
            double arrival = t + travel.minutes(c.x, c.y, order.x(), order.y());
            o.pickup = now;
            o.dropoff = arrival + p.dropoffServiceMinutes() / 2;
            t = o.dropoff + p.dropoffServiceMinutes() / 2;
            c.place = order.id();
            c.x = order.x();
            c.y = order.y();
            c.geo = orderGeo[order.index()];
            ids.add(order.id());
        }
        assignments.add(new Solution.Assignment(trip.assignedAt, now, c.courier.id(), ids));
        c.freeAt = t;
        push(t, Kind.FREE, c.courier.index(), 0);
    }

    /** The drop-off sequence with the smallest sum of drop-off times (every order of a small bundle tried). */
    private List<OrderState> dropOrder(Trip trip) {
        List<OrderState> orders = trip.orders;
        if (orders.size() == 1) {
            return orders;
        }
        List<OrderState> best = new ArrayList<>(orders);
        if (orders.size() > 6) {
            return best;
        }
        double[] bestSum = {sumOfDropoffs(best, trip)};
        permute(new ArrayList<>(orders), 0, trip, best, bestSum);
        return best;
    }

    private void permute(List<OrderState> a, int k, Trip trip, List<OrderState> best, double[] bestSum) {
        if (k == a.size()) {
            double s = sumOfDropoffs(a, trip);
            if (s < bestSum[0]) {
                bestSum[0] = s;
                best.clear();
                best.addAll(a);
            }
            return;
        }
        for (int i = k; i < a.size(); i++) {
            Collections.swap(a, k, i);
            permute(a, k + 1, trip, best, bestSum);
            Collections.swap(a, k, i);
        }
    }

    private double sumOfDropoffs(List<OrderState> seq, Trip trip) {
        double t = p.pickupServiceMinutes() / 2;
        double x = trip.restaurant.x();
        double y = trip.restaurant.y();
        double sum = 0;
        for (OrderState o : seq) {
            t += travel.minutes(x, y, o.order.x(), o.order.y()) + p.dropoffServiceMinutes() / 2;
            sum += t;
            t += p.dropoffServiceMinutes() / 2;
            x = o.order.x();
            y = o.order.y();
        }
        return sum;
    }

    private Solution solution() {
        List<Solution.OrderRow> rows = new ArrayList<>(orders.length);
        for (OrderState o : orders) {
            MdrpInstance.Order order = o.order;
            boolean delivered = o.courier != null && !Double.isNaN(o.dropoff);
            rows.add(new Solution.OrderRow(order.id(), order.placementTime(), order.restaurant().id(),
                    order.readyTime(), delivered ? o.pickup : Double.NaN, delivered ? o.dropoff : Double.NaN,
                    delivered ? o.courier.courier.id() : null));
        }
        List<Solution.Move> moves = new ArrayList<>();
        for (CourierState c : couriers) {
            moves.addAll(c.moves);
        }
        List<Solution.Assignment> sorted = new ArrayList<>(assignments);
        sorted.sort(Comparator.comparingDouble(Solution.Assignment::assignmentTime));
        return new Solution(sorted, rows, moves);
    }
}
