package coop.dispatch.rider.assembly.service;

import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PriceAndPay;
import coop.dispatch.policies.PricingException;
import coop.dispatch.policies.PricingInput;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Prices the same past deliveries with the current and the proposed pricing policy and compares. Plain Java: the
 * service and the benchmark run this code. A delivery's bike route length is not stored, so the distance is the
 * straight line times {@link #DETOUR_FACTOR}, as merchant-service estimates it when its router does not answer;
 * the parcel size is not in the event either, so none is assumed.
 */
public final class PricingReplay {
    public static final double DETOUR_FACTOR = 1.3;

    private PricingReplay() {
    }

    /** One past delivery: distance in meters as the crow flies. */
    public record Input(Instant at, int weightGrams, double straightLineMeters, Long priceCents,
                        Long riderPayCents) {
    }

    /** Mean and distribution of an amount in cents over the deliveries that could be priced. */
    public record Distribution(long count, double meanCents, long p10Cents, long p50Cents, long p90Cents,
                               long minCents, long maxCents) {
        public static Distribution of(long[] values) {
            long count = 0;
            long sum = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long x : values) {
                if (x >= 0) {
                    count++;
                    sum += x;
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
            if (count == 0) {
                return new Distribution(0, 0, 0, 0, 0, 0, 0);
            }
            double mean = (double) sum / count;
            long[] ranks = {rank(count, 0.10), rank(count, 0.50), rank(count, 0.90)};
            long[] at = max - min <= 4 * count + 1024 ? byCounting(values, min, max, ranks)
                    : bySorting(values, (int) count, ranks);
            return new Distribution(count, Math.round(mean * 10) / 10.0, at[0], at[1], at[2], min, max);
        }

        /**
         * The values at the given ranks (0-based, ascending) by counting each amount: amounts in cents span a narrow
         * range, so this is linear where a sort of 50,000 values cost more than the rest of the figures.
         */
        private static long[] byCounting(long[] values, long min, long max, long[] ranks) {
            int[] counts = new int[(int) (max - min + 1)];
            for (long x : values) {
                if (x >= 0) {
                    counts[(int) (x - min)]++;
                }
            }
            long[] at = new long[ranks.length];
            long seen = 0;
            int r = 0;
            for (int v = 0; v < counts.length && r < ranks.length; v++) {
                seen += counts[v];
                while (r < ranks.length && ranks[r] < seen) {
                    at[r++] = min + v;
                }
            }
            return at;
        }

        private static long[] bySorting(long[] values, int count, long[] ranks) {
            long[] v = new long[count];
            int n = 0;
            for (long x : values) {
                if (x >= 0) {
                    v[n++] = x;
                }
            }
            Arrays.sort(v);
            long[] at = new long[ranks.length];
            for (int i = 0; i < ranks.length; i++) {
                at[i] = v[(int) ranks[i]];
            }
            return at;
        }

        /** Nearest rank, 0-based: the smallest value at or above the given share of the sorted values. */
        static long rank(long count, double p) {
            long rank = (long) Math.ceil(p * count);
            return Math.max(0, Math.min(count - 1, rank - 1));
        }
    }

    /**
     * Prices and rider pay under one policy; {@code notPriced}: deliveries that fit no vehicle of the policy (for the
     * recorded figures: that carried no price).
     */
    public record Figures(String version, Distribution price, Distribution riderPay, long notPriced) {
    }

    /**
     * How the proposal changes each delivery: how many pay more, less or the same, and the mean change of price and
     * pay over the deliveries both policies could price.
     */
    public record Change(long dearer, long cheaper, long same, double meanPriceChangeCents,
                         double meanRiderPayChangeCents, double meanRiderShareCurrent,
                         double meanRiderShareProposed) {
    }

    public record Result(long deliveries, Figures recorded, Figures current, Figures proposed, Change change) {
    }

    public static Result compare(List<Input> deliveries, CompiledPricingPolicy current,
                                 CompiledPricingPolicy proposed) {
        Deliveries d = Deliveries.of(deliveries);
        return compare(d, price(d, current), price(d, proposed));
    }

    /**
     * Past deliveries as columns of primitives (no object per delivery): request time in epoch microseconds, weight,
     * straight-line distance, and the recorded price and rider pay in cents ({@code -1}: none was recorded).
     */
    public record Deliveries(long[] requestedAtMicros, int[] weightGrams, double[] straightLineMeters,
                             long[] priceCents, long[] riderPayCents) {
        public int size() {
            return requestedAtMicros.length;
        }

        public static Deliveries of(List<Input> inputs) {
            int n = inputs.size();
            Deliveries d = new Deliveries(new long[n], new int[n], new double[n], new long[n], new long[n]);
            for (int i = 0; i < n; i++) {
                Input in = inputs.get(i);
                d.requestedAtMicros[i] = micros(in.at());
                d.weightGrams[i] = in.weightGrams();
                d.straightLineMeters[i] = in.straightLineMeters();
                d.priceCents[i] = in.priceCents() == null ? -1 : in.priceCents();
                d.riderPayCents[i] = in.riderPayCents() == null ? -1 : in.riderPayCents();
            }
            return d;
        }

        /** These deliveries, then {@code more}. */
        public static Deliveries concat(Deliveries first, Deliveries more) {
            int n = first.size();
            int m = more.size();
            Deliveries d = new Deliveries(Arrays.copyOf(first.requestedAtMicros, n + m),
                    Arrays.copyOf(first.weightGrams, n + m), Arrays.copyOf(first.straightLineMeters, n + m),
                    Arrays.copyOf(first.priceCents, n + m), Arrays.copyOf(first.riderPayCents, n + m));
            System.arraycopy(more.requestedAtMicros, 0, d.requestedAtMicros, n, m);
            System.arraycopy(more.weightGrams, 0, d.weightGrams, n, m);
            System.arraycopy(more.straightLineMeters, 0, d.straightLineMeters, n, m);
            System.arraycopy(more.priceCents, 0, d.priceCents, n, m);
            System.arraycopy(more.riderPayCents, 0, d.riderPayCents, n, m);
            return d;
        }

        /** The deliveries at the given indexes, in that order. */
        public Deliveries select(int[] indexes) {
            return new Deliveries(pick(requestedAtMicros, indexes), pick(weightGrams, indexes),
                    pick(straightLineMeters, indexes), pick(priceCents, indexes), pick(riderPayCents, indexes));
        }
    }

    /** The price and rider pay of each of some {@link Deliveries} under one policy version; -1: not priced. */
    public record Priced(String version, long[] priceCents, long[] riderPayCents) {
        public Priced select(int[] indexes) {
            return new Priced(version, pick(priceCents, indexes), pick(riderPayCents, indexes));
        }
    }

    /** Below this many deliveries the pricing stays on the calling thread: splitting would cost more than it saves. */
    static final int PARALLEL_FROM = 4096;

    /**
     * Prices the deliveries from index {@code from} on (the earlier ones are copied from {@code earlier}, priced
     * before with the same policy, or left at -1 if it is null). CompiledPricingPolicy is immutable and thread-safe:
     * a large sample is split across every core (ForkJoin common pool).
     */
    public static Priced price(Deliveries d, CompiledPricingPolicy policy, Priced earlier) {
        int n = d.size();
        long[] prices = new long[n];
        long[] pays = new long[n];
        int from = earlier == null ? 0 : Math.min(earlier.priceCents().length, n);
        if (earlier != null) {
            System.arraycopy(earlier.priceCents(), 0, prices, 0, from);
            System.arraycopy(earlier.riderPayCents(), 0, pays, 0, from);
        }
        IntStream range = IntStream.range(from, n);
        (n - from >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> {
            try {
                PriceAndPay q = policy.priceAndPay(new PricingInput(
                        d.straightLineMeters[i] * DETOUR_FACTOR / 1000.0, d.weightGrams[i], null, 1,
                        instant(d.requestedAtMicros[i])));
                prices[i] = q.priceCents();
                pays[i] = q.riderPayCents();
            } catch (PricingException e) {
                prices[i] = -1;
                pays[i] = -1;
            }
        });
        return new Priced(policy.version(), prices, pays);
    }

    public static Priced price(Deliveries d, CompiledPricingPolicy policy) {
        return price(d, policy, null);
    }

    /** Compares the recorded, the current and the proposed prices of the same deliveries. */
    public static Result compare(Deliveries d, Priced current, Priced proposed) {
        int n = d.size();
        long[] currentPrice = current.priceCents();
        long[] currentPay = current.riderPayCents();
        long[] proposedPrice = proposed.priceCents();
        long[] proposedPay = proposed.riderPayCents();
        long dearer = 0;
        long cheaper = 0;
        long same = 0;
        double priceChange = 0;
        double payChange = 0;
        double shareCurrent = 0;
        double shareProposed = 0;
        long both = 0;
        for (int i = 0; i < n; i++) {
            if (currentPrice[i] < 0 || proposedPrice[i] < 0) {
                continue;
            }
            both++;
            long delta = proposedPrice[i] - currentPrice[i];
            if (delta > 0) {
                dearer++;
            } else if (delta < 0) {
                cheaper++;
            } else {
                same++;
            }
            priceChange += delta;
            payChange += proposedPay[i] - currentPay[i];
            shareCurrent += currentPrice[i] == 0 ? 0 : (double) currentPay[i] / currentPrice[i];
            shareProposed += proposedPrice[i] == 0 ? 0 : (double) proposedPay[i] / proposedPrice[i];
        }
        Change change = new Change(dearer, cheaper, same, round1(both == 0 ? 0 : priceChange / both),
                round1(both == 0 ? 0 : payChange / both), round3(both == 0 ? 0 : shareCurrent / both),
                round3(both == 0 ? 0 : shareProposed / both));
        return new Result(n,
                figures(null, d.priceCents(), d.riderPayCents()),
                figures(current.version(), currentPrice, currentPay),
                figures(proposed.version(), proposedPrice, proposedPay),
                change);
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }

    static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000),
                Math.floorMod(epochMicros, 1_000_000) * 1000L);
    }

    private static long[] pick(long[] values, int[] indexes) {
        long[] picked = new long[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            picked[i] = values[indexes[i]];
        }
        return picked;
    }

    private static int[] pick(int[] values, int[] indexes) {
        int[] picked = new int[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            picked[i] = values[indexes[i]];
        }
        return picked;
    }

    private static double[] pick(double[] values, int[] indexes) {
        double[] picked = new double[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            picked[i] = values[indexes[i]];
        }
        return picked;
    }

    private static Figures figures(String version, long[] prices, long[] pays) {
        long notPriced = Arrays.stream(prices).filter(p -> p < 0).count();
        return new Figures(version, Distribution.of(prices), Distribution.of(pays), notPriced);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
