package coop.dispatch.rider.assembly.service;

import coop.dispatch.policies.CompiledPricingPolicy;
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
 * Right after a start, prices a synthetic week of deliveries with the current pricing policy, in the background, so
 * that the first impact preview a member opens does not also pay for compiling the pricing code (the JIT): about a
 * second of CPU, on no request's path; the compiled policy is kept for the previews.
 * {@code coop.assembly.warm-up=false} turns it off.
 */
@ApplicationScoped
public class PricingWarmUp {
    private static final Logger LOG = Logger.getLogger(PricingWarmUp.class);
    static final int DELIVERIES = 40_000;

    private final ImpactService impact;
    private final boolean enabled;

    public PricingWarmUp(ImpactService impact, AssemblyConfig config) {
        this.impact = impact;
        this.enabled = config.warmUp();
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
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
            PricingReplay.compare(syntheticWeek(Instant.now()), current, current);
            LOG.debugf("Pricing replay warmed up in %d ms", (System.nanoTime() - started) / 1_000_000);
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
