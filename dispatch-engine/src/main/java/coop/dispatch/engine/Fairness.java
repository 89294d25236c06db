package coop.dispatch.engine;

import java.util.Arrays;

/** Inequality measures for the fairness figures. */
public final class Fairness {
    private Fairness() {
    }

    /** Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one has everything. */
    public static double gini(double[] values) {
        int n = values.length;
        if (n == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            total += sorted[i];
            weighted += (i + 1) * sorted[i];
        }
        return total == 0 ? 0 : (2 * weighted) / (n * total) - (n + 1.0) / n;
    }
}
