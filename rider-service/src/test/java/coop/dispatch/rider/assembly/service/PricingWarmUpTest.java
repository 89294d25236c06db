package coop.dispatch.rider.assembly.service;

import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PricingPolicies;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up warm-up replays what a preview replays: a valid variant of the current version, varied deliveries. */
class PricingWarmUpTest {
    @Test
    void theWarmUpVariantIsAValidPolicyThatPricesDifferently() {
        CompiledPricingPolicy current = PricingPolicies.defaultPolicy();
        CompiledPricingPolicy variant = PricingPolicies.compile(PricingWarmUp.variant(current));
        assertEquals(current.policy().rules().size() + 3, variant.policy().rules().size());

        PricingReplay.Deliveries week = PricingReplay.Deliveries.of(PricingWarmUp.syntheticWeek(Instant.now()));
        PricingReplay.Result r = PricingReplay.compare(week, PricingReplay.price(week, current),
                PricingReplay.price(week, variant));
        assertEquals(PricingWarmUp.DELIVERIES, r.deliveries());
        assertTrue(r.recorded().price().count() > 0 && r.recorded().notPriced() > 0);
        assertTrue(r.current().price().count() > PricingWarmUp.DELIVERIES / 2);
        assertTrue(r.change().dearer() > 0, r.change().toString());
        assertNotEquals(r.current().price(), r.proposed().price());
    }
}
