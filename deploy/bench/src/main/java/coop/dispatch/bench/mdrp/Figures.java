package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.Fairness;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures FORMAT.md asks every report to give, computed from the instance and the solution alone (what the files
 * say, not what the replay believed), so that anyone can recompute them from the published files.
 *
 * @param integerShareFloor    the share-adjusted Gini of the fairest split of this run's work in whole orders (see
 *                             {@link #wholeOrderFloor}): what whole orders alone cost that measure (not in FORMAT.md)
 * @param demandShareFloor     the same for the split of F_c instead of S_c: what whole orders would cost that measure if
 *                             every order were picked up in the minute it was placed; it depends on the instance only
 * @param splitFloorGap        the Gini of orders per shift hour minus the structural floor if this run's work were split
 *                             as evenly as whole orders allow (the split of {@code integerShareFloor}): where it is above
 *                             0.02, the share-adjusted targets and the structural-floor target pull apart on this run
 * @param payPerHour           per courier, in instance order: payment / shift hours
 * @param orderEarningsPerHour per courier: orders × pay per order / shift hours
 * @param shareRatio           per courier: orders / S_c (1 when S_c = 0), the terms of the share-adjusted Gini
 * @param fairShare            per courier: F_c, the orders of an even split of demand among couriers on shift
 * @param workShare            per courier: S_c, the orders of an even split of the work done (pickups)
 * @param clickToDoorValues    per delivered order
 */
public record Figures(int ordersPlaced, int ordersDelivered, int assignments, Dist clickToDoor, Dist readyToDoor,
                      Dist readyToPickup, Dist clickToDoorOverage, double ordersPerHourMean, double utilizationMean,
                      double totalPayment, double shareOnGuarantee, double giniOrderEarningsPerHour,
                      double giniOrdersPerHour, double payPerHourMin, double payPerHourMax, double structuralFloor,
                      double shareAdjustedGini, double integerShareFloor, double demandShareFloor,
                      double splitFloorGap, double[] payPerHour,
                      double[] orderEarningsPerHour,
                      double[] shareRatio, double[] fairShare, double[] workShare, double[] clickToDoorValues) {

    public record Dist(double mean, double p10, double p50, double p90) {
        static Dist of(double[] values) {
            if (values.length == 0) {
                return new Dist(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] v = values.clone();
            Arrays.sort(v);
            return new Dist(Arrays.stream(v).average().orElse(Double.NaN), quantile(v, .1), quantile(v, .5),
                    quantile(v, .9));
        }
    }

    public double payPerHourSpread() {
        return payPerHourMax - payPerHourMin;
    }

    public double deliveredShare() {
        return ordersPlaced == 0 ? 1 : (double) ordersDelivered / ordersPlaced;
    }

    public static Figures of(MdrpInstance instance, Solution solution) {
        MdrpInstance.Parameters p = instance.parameters();
        List<Solution.OrderRow> delivered = solution.orders().stream().filter(Solution.OrderRow::delivered).toList();
        double[] ctd = delivered.stream().mapToDouble(o -> o.dropoffTime() - o.placementTime()).toArray();
        double[] rtd = delivered.stream().mapToDouble(o -> o.dropoffTime() - o.readyTime()).toArray();
        double[] rtp = delivered.stream().mapToDouble(o -> o.pickupTime() - o.readyTime()).toArray();
        double[] over = Arrays.stream(ctd).map(v -> Math.max(0, v - p.targetClickToDoor())).toArray();

        int n = instance.couriers().size();
        Map<String, Integer> index = new HashMap<>();
        instance.couriers().forEach(c -> index.put(c.id(), c.index()));
        int[] ordersOf = new int[n];
        int[] bundlesOf = new int[n];
        double[] driving = new double[n];
        delivered.forEach(o -> ordersOf[index.get(o.courier())]++);
        solution.assignments().forEach(a -> bundlesOf[index.get(a.courier())]++);
        for (Solution.Move m : solution.moves()) {
            MdrpInstance.Courier c = instance.courierById().get(m.courier());
            double[] from = m.origin().equals("0") ? new double[] {c.x(), c.y()} : xy(instance, m.origin());
            double[] to = xy(instance, m.destination());
            driving[c.index()] += instance.travelMinutes(from[0], from[1], to[0], to[1]);
        }

        double[] payPerHour = new double[n];
        double[] earningsPerHour = new double[n];
        double[] ordersPerHour = new double[n];
        double utilization = 0;
        double total = 0;
        int onGuarantee = 0;
        for (MdrpInstance.Courier c : instance.couriers()) {
            int i = c.index();
            double hours = c.shiftMinutes() / 60;
            double earnings = ordersOf[i] * p.payPerOrder();
            double guaranteed = hours * p.guaranteedPayPerHour();
            double payment = Math.max(earnings, guaranteed);
            total += payment;
            if (earnings < guaranteed) {
                onGuarantee++;
            }
            payPerHour[i] = payment / hours;
            earningsPerHour[i] = earnings / hours;
            ordersPerHour[i] = ordersOf[i] / hours;
            utilization += (driving[i] + ordersOf[i] * p.dropoffServiceMinutes()
                    + bundlesOf[i] * p.pickupServiceMinutes()) / c.shiftMinutes();
        }

        // fair shares, minute by minute (FORMAT.md): d(t) placed, w(t) picked up, n(t) couriers on shift
        int horizon = instance.horizonMinutes() + Replay.MINUTE_SLACK;
        double[] onShift = new double[horizon];
        for (MdrpInstance.Courier c : instance.couriers()) {
            for (int t = (int) Math.ceil(c.onTime()); t < c.offTime(); t++) {
                onShift[t]++;
            }
        }
        double[] placed = new double[horizon];
        instance.orders().forEach(o -> placed[(int) Math.floor(o.placementTime())]++);
        double[] picked = new double[horizon];
        delivered.forEach(o -> picked[(int) Math.floor(o.pickupTime())]++);
        double[] fairShare = new double[n];
        double[] floorTerms = new double[n];
        double[] ratio = new double[n];
        double[] workShare = new double[n];
        for (MdrpInstance.Courier c : instance.couriers()) {
            double f = 0;
            double s = 0;
            for (int t = (int) Math.ceil(c.onTime()); t < c.offTime(); t++) {
                f += placed[t] / onShift[t];
                s += picked[t] / onShift[t];
            }
            int i = c.index();
            fairShare[i] = f;
            workShare[i] = s;
            floorTerms[i] = f / (c.shiftMinutes() / 60);
            ratio[i] = s == 0 ? 1 : ordersOf[i] / s;
        }
        double[] payValues = payPerHour.clone();
        Arrays.sort(payValues);
        int[] split = wholeOrderSplit(workShare);
        double[] splitPerHour = new double[n];
        for (MdrpInstance.Courier c : instance.couriers()) {
            splitPerHour[c.index()] = split[c.index()] / (c.shiftMinutes() / 60);
        }
        double structuralFloor = Fairness.gini(floorTerms);
        return new Figures(instance.orders().size(), delivered.size(), solution.assignments().size(), Dist.of(ctd),
                Dist.of(rtd), Dist.of(rtp), Dist.of(over), mean(ordersPerHour), utilization / n, total,
                (double) onGuarantee / n, Fairness.gini(earningsPerHour), Fairness.gini(ordersPerHour),
                payValues[0], payValues[n - 1], structuralFloor, Fairness.gini(ratio),
                Fairness.gini(ratios(split, workShare)), wholeOrderFloor(fairShare),
                Fairness.gini(splitPerHour) - structuralFloor, payPerHour, earningsPerHour, ratio, fairShare, workShare,
                ctd);
    }

    /**
     * The share-adjusted Gini if the same work were split in whole orders as evenly as whole orders allow
     * ({@link #wholeOrderSplit}). The total stays the work done, as it must; what remains is the cost of whole orders
     * alone on these shares (a dispatcher also changes the shares themselves, by when pickups happen).
     */
    static double wholeOrderFloor(double[] shares) {
        return Fairness.gini(ratios(wholeOrderSplit(shares), shares));
    }

    /**
     * Whole orders per courier, summing to the rounded total of the shares, whose Gini of orders / share is as low as
     * this search finds: every courier starts at floor(S_c) and the leftover orders go to the largest fractional parts
     * (largest remainders); then, while moving one order from one courier to another lowers the Gini, the best such
     * move is made (the moves tried: each of the {@value #SPLIT_CANDIDATES} couriers whose loss of an order lowers the
     * Gini most, to each of the {@value #SPLIT_CANDIDATES} whose gain of one lowers it most). A courier with S_c = 0
     * counts as 1, as in FORMAT.md, and gets no order.
     */
    static int[] wholeOrderSplit(double[] shares) {
        int n = shares.length;
        int[] k = largestRemainders(shares);
        double[] x = ratios(k, shares);
        double gini = Fairness.gini(x);
        for (int step = 0; step < 4 * n; step++) {
            GiniDeltas deltas = new GiniDeltas(x);
            double[] down = new double[n];
            double[] up = new double[n];
            for (int i = 0; i < n; i++) {
                boolean movable = shares[i] > 0;
                down[i] = movable && k[i] > 0 ? deltas.giniWith(i, (k[i] - 1) / shares[i]) : Double.POSITIVE_INFINITY;
                up[i] = movable ? deltas.giniWith(i, (k[i] + 1) / shares[i]) : Double.POSITIVE_INFINITY;
            }
            int[] donors = lowest(down, SPLIT_CANDIDATES);
            int[] takers = lowest(up, SPLIT_CANDIDATES);
            int bestFrom = -1;
            int bestTo = -1;
            double best = gini - 1e-12;
            for (int from : donors) {
                for (int to : takers) {
                    if (from == to || Double.isInfinite(down[from]) || Double.isInfinite(up[to])) {
                        continue;
                    }
                    double[] y = x.clone();
                    y[from] = (k[from] - 1) / shares[from];
                    y[to] = (k[to] + 1) / shares[to];
                    double g = Fairness.gini(y);
                    if (g < best) {
                        best = g;
                        bestFrom = from;
                        bestTo = to;
                    }
                }
            }
            if (bestFrom < 0) {
                break;
            }
            k[bestFrom]--;
            k[bestTo]++;
            x[bestFrom] = k[bestFrom] / shares[bestFrom];
            x[bestTo] = k[bestTo] / shares[bestTo];
            gini = best;
        }
        return k;
    }

    static final int SPLIT_CANDIDATES = 8;

    /** floor(S_c) each, and the orders left over (the sum of the fractional parts) to the largest fractional parts. */
    static int[] largestRemainders(double[] shares) {
        int n = shares.length;
        int[] k = new int[n];
        double leftover = 0;
        Integer[] byFraction = new Integer[n];
        for (int i = 0; i < n; i++) {
            k[i] = (int) Math.floor(shares[i]);
            leftover += shares[i] - k[i];
            byFraction[i] = i;
        }
        Arrays.sort(byFraction, (a, b) -> Double.compare(shares[b] - Math.floor(shares[b]),
                shares[a] - Math.floor(shares[a])));
        long extra = Math.round(leftover);
        for (int j = 0; j < extra && j < n; j++) {
            k[byFraction[j]]++;
        }
        return k;
    }

    /** orders / share per courier, 1 where the share is 0 (FORMAT.md's terms of the share-adjusted Gini). */
    static double[] ratios(int[] orders, double[] shares) {
        double[] r = new double[shares.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = shares[i] == 0 ? 1 : orders[i] / shares[i];
        }
        return r;
    }

    /** The indexes of the {@code count} smallest values. */
    private static int[] lowest(double[] values, int count) {
        return java.util.stream.IntStream.range(0, values.length).boxed()
                .sorted(java.util.Comparator.comparingDouble(i -> values[i])).limit(count)
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The Gini coefficient of a set of values with one of them changed, in O(log n) per change: Gini = (sum over pairs
     * of |x_i − x_j|) / (n · sum of x), with the pair sums read from prefix sums of the sorted values.
     */
    static final class GiniDeltas {
        private final double[] x;
        private final double[] sorted;
        private final double[] prefix;
        private final double pairSum;
        private final double total;

        GiniDeltas(double[] x) {
            this.x = x;
            sorted = x.clone();
            Arrays.sort(sorted);
            prefix = new double[sorted.length + 1];
            double pairs = 0;
            for (int i = 0; i < sorted.length; i++) {
                pairs += i * sorted[i] - prefix[i];
                prefix[i + 1] = prefix[i] + sorted[i];
            }
            pairSum = pairs;
            total = prefix[sorted.length];
        }

        /** The sum over all values v of |y − v|. */
        double distances(double y) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < y) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return y * lo - prefix[lo] + (prefix[sorted.length] - prefix[lo]) - y * (sorted.length - lo);
        }

        /** The Gini coefficient if value {@code i} were {@code y}. */
        double giniWith(int i, double y) {
            double old = x[i];
            double pairs = pairSum - distances(old) + distances(y) - Math.abs(y - old);
            double sum = total - old + y;
            return sum == 0 ? 0 : pairs / (sorted.length * sum);
        }
    }

    private static double[] xy(MdrpInstance instance, String place) {
        MdrpInstance.Restaurant r = instance.restaurantById().get(place);
        if (r != null) {
            return new double[] {r.x(), r.y()};
        }
        MdrpInstance.Order o = instance.orderById().get(place);
        return new double[] {o.x(), o.y()};
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Linear interpolation between order statistics (numpy's and pandas' default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
