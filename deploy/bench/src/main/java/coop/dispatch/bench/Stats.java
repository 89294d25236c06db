package coop.dispatch.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of measured durations, printed the same way by every benchmark. */
final class Stats {
    private final String name;
    private final double[] millis;

    Stats(String name, double[] millis) {
        this.name = name;
        this.millis = millis.clone();
        Arrays.sort(this.millis);
    }

    double percentile(double p) {
        int index = (int) Math.ceil(p / 100.0 * millis.length) - 1;
        return millis[Math.max(0, Math.min(millis.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-44s n=%4d  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms", name,
                millis.length, percentile(50), percentile(99), millis[millis.length - 1]);
    }
}
