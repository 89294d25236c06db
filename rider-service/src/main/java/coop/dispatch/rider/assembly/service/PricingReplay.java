package coop.dispatch.rider.assembly.service;

import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PriceQuote;
import coop.dispatch.policies.PricingException;
import coop.dispatch.policies.PricingInput;

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
    public record Input(java.time.Instant at, int weightGrams, double straightLineMeters, Long priceCents,
                        Long riderPayCents) {
    }

    /** Mean and distribution of an amount in cents over the deliveries that could be priced. */
    public record Distribution(long count, double meanCents, long p10Cents, long p50Cents, long p90Cents,
                               long minCents, long maxCents) {
        static Distribution of(long[] values) {
            long[] v = Arrays.stream(values).filter(x -> x >= 0).toArray();
            if (v.length == 0) {
                return new Distribution(0, 0, 0, 0, 0, 0, 0);
            }
            Arrays.sort(v);
            double mean = Arrays.stream(v).average().orElse(0);
            return new Distribution(v.length, Math.round(mean * 10) / 10.0, percentile(v, 0.10), percentile(v, 0.50),
                    percentile(v, 0.90), v[0], v[v.length - 1]);
        }

        /** Nearest rank: the smallest value at or above the given share of the sorted values. */
        static long percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
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
        int n = deliveries.size();
        long[] recordedPrice = new long[n];
        long[] recordedPay = new long[n];
        long[] currentPrice = new long[n];
        long[] currentPay = new long[n];
        long[] proposedPrice = new long[n];
        long[] proposedPay = new long[n];
        // CompiledPricingPolicy is immutable and thread-safe: the deliveries are priced on every core.
        IntStream.range(0, n).parallel().forEach(i -> {
            Input d = deliveries.get(i);
            recordedPrice[i] = d.priceCents() == null ? -1 : d.priceCents();
            recordedPay[i] = d.riderPayCents() == null ? -1 : d.riderPayCents();
            PricingInput in = new PricingInput(d.straightLineMeters() * DETOUR_FACTOR / 1000.0, d.weightGrams(), null,
                    1, d.at());
            price(current, in, currentPrice, currentPay, i);
            price(proposed, in, proposedPrice, proposedPay, i);
        });
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
                figures(null, recordedPrice, recordedPay),
                figures(current.version(), currentPrice, currentPay),
                figures(proposed.version(), proposedPrice, proposedPay),
                change);
    }

    private static void price(CompiledPricingPolicy policy, PricingInput in, long[] prices, long[] pays, int i) {
        try {
            PriceQuote q = policy.price(in);
            prices[i] = q.priceCents();
            pays[i] = q.riderPayCents();
        } catch (PricingException e) {
            prices[i] = -1;
            pays[i] = -1;
        }
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
