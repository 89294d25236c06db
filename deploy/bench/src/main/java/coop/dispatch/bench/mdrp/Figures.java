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
                      double shareAdjustedGini, double integerShareFloor, double[] payPerHour,
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
        return new Figures(instance.orders().size(), delivered.size(), solution.assignments().size(), Dist.of(ctd),
                Dist.of(rtd), Dist.of(rtp), Dist.of(over), mean(ordersPerHour), utilization / n, total,
                (double) onGuarantee / n, Fairness.gini(earningsPerHour), Fairness.gini(ordersPerHour),
                payValues[0], payValues[n - 1], Fairness.gini(floorTerms), Fairness.gini(ratio),
                wholeOrderFloor(workShare), payPerHour, earningsPerHour, ratio, fairShare, workShare, ctd);
    }

    /**
     * The share-adjusted Gini if the same work were split in whole orders as evenly as whole orders allow: every
     * courier gets floor(S_c), and the orders left over (the sum of the fractional parts) go one each to the couriers
     * with the largest fractional parts. The total stays the work done, as it must; what remains is the cost of whole
     * orders alone on this run's shares: close to a lower bound (choosing differently who rounds up can shave a
     * little off it), though a dispatcher also changes the shares themselves.
     */
    static double wholeOrderFloor(double[] shares) {
        int n = shares.length;
        double[] k = new double[n];
        double leftover = 0;
        Integer[] byFraction = new Integer[n];
        for (int i = 0; i < n; i++) {
            k[i] = Math.floor(shares[i]);
            leftover += shares[i] - k[i];
            byFraction[i] = i;
        }
        Arrays.sort(byFraction, (a, b) -> Double.compare(shares[b] - Math.floor(shares[b]),
                shares[a] - Math.floor(shares[a])));
        long extra = Math.round(leftover);
        for (int j = 0; j < extra && j < n; j++) {
            k[byFraction[j]]++;
        }
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            ratio[i] = shares[i] == 0 ? 1 : k[i] / shares[i];
        }
        return Fairness.gini(ratio);
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
