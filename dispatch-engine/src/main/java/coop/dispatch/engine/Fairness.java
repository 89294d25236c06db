package coop.dispatch.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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

    /** A half-open time span [from, to) in epoch milliseconds. */
    public record Span(long from, long to) {
        public Span {
            if (to < from) {
                throw new IllegalArgumentException("span ends before it starts: " + from + " > " + to);
            }
        }
    }

    /**
     * The longest time a rider waited: the longest stretch of being online without a job, in milliseconds. Online
     * spans (shifts) and busy spans (from assignment to the job's end; bundled jobs overlap) may come in any order
     * and may overlap each other; a stretch that runs from one shift into the next counts once, as one stretch.
     */
    public static long longestWait(List<Span> online, List<Span> busy) {
        List<Span> free = new ArrayList<>();
        List<Span> jobs = merge(busy);
        for (Span shift : merge(online)) {
            long cursor = shift.from();
            for (Span job : jobs) {
                if (job.to() <= cursor || job.from() >= shift.to()) {
                    continue;
                }
                if (job.from() > cursor) {
                    free.add(new Span(cursor, job.from()));
                }
                cursor = Math.max(cursor, job.to());
            }
            if (cursor < shift.to()) {
                free.add(new Span(cursor, shift.to()));
            }
        }
        return free.stream().mapToLong(s -> s.to() - s.from()).max().orElse(0);
    }

    /** Sorted, with overlapping or touching spans joined. */
    static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span s : sorted) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && s.from() <= last.to()) {
                merged.set(merged.size() - 1, new Span(last.from(), Math.max(last.to(), s.to())));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }
}
