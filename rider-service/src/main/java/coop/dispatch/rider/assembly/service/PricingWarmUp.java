package coop.dispatch.rider.assembly.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PricingPolicies;
import coop.dispatch.rider.assembly.config.AssemblyConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Right after a start, in the background, runs the pricing preview's own code so that the first preview a member
 * opens does not also pay for compiling it (the JIT) or for reading the stored deliveries: reads generated rows of
 * the stored deliveries' shape with the preview's JDBC code, reads the stored deliveries and prices them with the
 * current version exactly as a preview does (both are kept for the previews, see {@link ReplaySamples}), after
 * replaying a synthetic week with the current version and a variant of it until that stops getting faster, since the
 * stored deliveries may be few. A few seconds of CPU (up to {@link #MAX_ROUNDS} rounds), on no request's path.
 * {@code coop.assembly.warm-up=false} turns it off.
 */
@ApplicationScoped
public class PricingWarmUp {
    private static final Logger LOG = Logger.getLogger(PricingWarmUp.class);
    static final int DELIVERIES = 20_000;
    static final int MAX_ROUNDS = 15;

    private final ImpactService impact;
    private final ReplaySamples samples;
    private final AssemblyConfig config;

    public PricingWarmUp(ImpactService impact, ReplaySamples samples, AssemblyConfig config) {
        this.impact = impact;
        this.samples = samples;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.warmUp()) {
            Thread thread = new Thread(this::warmUp, "pricing-warm-up");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }
    }

    void warmUp() {
        try {
            long started = System.nanoTime();
            CompiledPricingPolicy current = QuarkusTransaction.requiringNew().call(impact::latestPricing);
            samples.readGenerated(DELIVERIES);
            Instant now = Instant.now();
            CompiledPricingPolicy proposed = PricingPolicies.compile(variant(current));
            PricingReplay.Deliveries week = PricingReplay.Deliveries.of(syntheticWeek(now));
            // Until the replay stops getting faster (the JIT has compiled it), within a bound.
            long best = Long.MAX_VALUE;
            int rounds = 0;
            int flat = 0;
            while (rounds < MAX_ROUNDS && flat < 2) {
                long round = System.nanoTime();
                PricingReplay.compare(week, PricingReplay.price(week, current), PricingReplay.price(week, proposed));
                round = System.nanoTime() - round;
                flat = round < best * 0.9 ? 0 : flat + 1;
                best = Math.min(best, round);
                rounds++;
            }
            ReplaySamples.Window stored = samples.pricing(now.minus(config.pricingReplayPeriod()), now,
                    ImpactService.MAX_PRICING_DELIVERIES, current);
            LOG.debugf("Pricing replay warmed up in %d ms (%d rounds of %d deliveries, the last in %d ms; %d stored "
                            + "deliveries read and priced)", (System.nanoTime() - started) / 1_000_000, rounds,
                    DELIVERIES, best / 1_000_000, stored.deliveries().size());
        } catch (RuntimeException e) {
            LOG.debugf("Pricing replay not warmed up: %s", e.getMessage());
        }
    }

    /**
     * A proposal-like variant of the current version, compiled and checked on its sample deliveries as a proposal's
     * first preview does. Its extra rules use the kinds of CEL operations members write (comparisons of ints and
     * doubles, and/or, conditionals, conversions, strings): had the JIT compiled the pricing for the current
     * version's few operations only, a proposal's first preview would meet code compiled for other types, throw it
     * away and compile it again, on the preview's time (measured: over a second of CPU).
     */
    static ObjectNode variant(CompiledPricingPolicy current) {
        ObjectNode variant = (ObjectNode) PricingPolicies.toJson(current.policy());
        variant.put("version", "warm-up").put("perKmCents", current.policy().perKmCents() + 10);
        ArrayNode rules = variant.withArray("rules");
        rules.addObject().put("name", "evening or Saturday").put("when", "hour >= 18 && hour < 21 || weekday == 6")
                .put("cents", "50.0 + distance_km * 5.0");
        rules.addObject().put("name", "heavy on a small vehicle")
                .put("when", "weight_kg > 4.0 && vehicle != 'CARGO_BIKE'")
                .put("cents", "double(weight_grams) / 100.0 - 10.0");
        rules.addObject().put("name", "bundle or large")
                .put("when", "packages > 1 || size == 'XL' || !(distance_km < 9.5)")
                .put("cents", "packages * 20 + int(distance_km)");
        variant.put("priceExpression", "subtotal_cents > minimum_cents ? subtotal_cents - surcharges_cents * 0.1 "
                + ": minimum_cents");
        variant.put("riderPayExpression", "price_cents * rider_share + (hour < 6 ? 50.0 : 0.0)");
        return variant;
    }

    /** Deliveries spread over the week before {@code now}: every hour of every day, short to long, light to heavy. */
    static List<PricingReplay.Input> syntheticWeek(Instant now) {
        List<PricingReplay.Input> inputs = new ArrayList<>(DELIVERIES);
        long step = Duration.ofDays(7).toSeconds() / DELIVERIES;
        for (int i = 0; i < DELIVERIES; i++) {
            double meters = 300 + (i * 7919L % 12_000);
            int grams = 200 + (int) (i * 104_729L % 25_000);
            Long recorded = i % 10 == 0 ? null : 500L + i % 1500;
            inputs.add(new PricingReplay.Input(now.minusSeconds(step * i), grams, meters, recorded,
                    recorded == null ? null : recorded * 4 / 5));
        }
        return inputs;
    }
}
