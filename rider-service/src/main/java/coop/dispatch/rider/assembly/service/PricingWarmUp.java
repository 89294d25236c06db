package coop.dispatch.rider.assembly.service;

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
 * current version exactly as a preview does (both are kept for the previews, see {@link ReplaySamples}), then replays
 * a synthetic week a few times, since the stored deliveries may be few.
 * About a second or two of CPU, on no request's path. {@code coop.assembly.warm-up=false} turns it off.
 */
@ApplicationScoped
public class PricingWarmUp {
    private static final Logger LOG = Logger.getLogger(PricingWarmUp.class);
    static final int DELIVERIES = 40_000;
    static final int ROUNDS = 3;

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
            ReplaySamples.Window stored = samples.pricing(now.minus(config.pricingReplayPeriod()), now,
                    ImpactService.MAX_PRICING_DELIVERIES, current);
            // A proposal-like variant, compiled and checked on its sample deliveries as a proposal's first preview does.
            ObjectNode variant = (ObjectNode) PricingPolicies.toJson(current.policy());
            variant.put("version", "warm-up").put("perKmCents", current.policy().perKmCents() + 10);
            CompiledPricingPolicy proposed = PricingPolicies.compile(variant);
            PricingReplay.Deliveries week = PricingReplay.Deliveries.of(syntheticWeek(now));
            for (int i = 0; i < ROUNDS; i++) {
                PricingReplay.compare(week, PricingReplay.price(week, current), PricingReplay.price(week, proposed));
            }
            LOG.debugf("Pricing replay warmed up in %d ms (%d stored deliveries read and priced)",
                    (System.nanoTime() - started) / 1_000_000, stored.deliveries().size());
        } catch (RuntimeException e) {
            LOG.debugf("Pricing replay not warmed up: %s", e.getMessage());
        }
    }

    /** Deliveries spread over the week before {@code now}: every hour of every day, short to long, light to heavy. */
    static List<PricingReplay.Input> syntheticWeek(Instant now) {
        List<PricingReplay.Input> inputs = new ArrayList<>(DELIVERIES);
        long step = Duration.ofDays(7).toSeconds() / DELIVERIES;
        for (int i = 0; i < DELIVERIES; i++) {
            double meters = 300 + (i * 7919L % 12_000);
            int grams = 200 + (int) (i * 104_729L % 25_000);
            inputs.add(new PricingReplay.Input(now.minusSeconds(step * i), grams, meters, null, null));
        }
        return inputs;
    }
}
